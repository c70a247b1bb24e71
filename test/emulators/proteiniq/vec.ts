/** 3-D vectors, NeRF placement and a spatial hash for clash checks (coordinates in Å). */

export type Vec = [number, number, number];

const RAD = Math.PI / 180;

export function sub(a: Vec, b: Vec): Vec {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function cross(a: Vec, b: Vec): Vec {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function unit(a: Vec): Vec {
  const l = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / l, a[1] / l, a[2] / l];
}

export function dist(a: Vec, b: Vec): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/**
 * NeRF (natural extension reference frame): the atom d with |cd| = bond, angle b–c–d = angle and
 * torsion a–b–c–d = torsion (degrees, IUPAC sign).
 */
export function place(a: Vec, b: Vec, c: Vec, bond: number, angle: number, torsion: number): Vec {
  const bc = unit(sub(c, b));
  const n = unit(cross(sub(b, a), bc));
  const m = cross(n, bc);
  const t = angle * RAD;
  const w = torsion * RAD;
  const x = -bond * Math.cos(t);
  const y = bond * Math.sin(t) * Math.cos(w);
  const z = bond * Math.sin(t) * Math.sin(w);
  return [c[0] + x * bc[0] + y * m[0] + z * n[0], c[1] + x * bc[1] + y * m[1] + z * n[1], c[2] + x * bc[2] + y * m[2] + z * n[2]];
}

/** Torsion a–b–c–d in degrees (−180, 180]. */
export function torsion(a: Vec, b: Vec, c: Vec, d: Vec): number {
  const b0 = sub(a, b);
  const b1 = unit(sub(c, b));
  const b2 = sub(d, c);
  const dot = (p: Vec, q: Vec) => p[0] * q[0] + p[1] * q[1] + p[2] * q[2];
  const v = sub(b0, b1.map((x) => x * dot(b0, b1)) as Vec);
  const w = sub(b2, b1.map((x) => x * dot(b2, b1)) as Vec);
  return Math.atan2(dot(cross(b1, v), w), dot(v, w)) / RAD;
}

/** Points in cubic cells, each with a tag (e.g. the residue index), for "anything within r?" queries. */
export class SpatialHash {
  private cells = new Map<number, { p: Vec; tag: number }[]>();

  /** `cell` must be at least the largest distance asked about. */
  constructor(private readonly cell: number) {}

  add(p: Vec, tag: number): void {
    const k = this.key(Math.floor(p[0] / this.cell), Math.floor(p[1] / this.cell), Math.floor(p[2] / this.cell));
    const list = this.cells.get(k);
    if (list) list.push({ p, tag });
    else this.cells.set(k, [{ p, tag }]);
  }

  /** Drops every point with this tag near p (the cell of p and its neighbours). */
  remove(p: Vec, tag: number): void {
    this.visit(p, (list) => {
      for (let i = list.length - 1; i >= 0; i--) if (list[i].tag === tag) list.splice(i, 1);
    });
  }

  /** The smallest distance from p to a stored point whose tag passes `consider` (Infinity when none within one cell). */
  nearest(p: Vec, consider: (tag: number) => boolean): number {
    let best = Infinity;
    this.visit(p, (list) => {
      for (const e of list) {
        if (!consider(e.tag)) continue;
        const d = dist(p, e.p);
        if (d < best) best = d;
      }
    });
    return best;
  }

  private visit(p: Vec, f: (list: { p: Vec; tag: number }[]) => void): void {
    const cx = Math.floor(p[0] / this.cell);
    const cy = Math.floor(p[1] / this.cell);
    const cz = Math.floor(p[2] / this.cell);
    for (let x = cx - 1; x <= cx + 1; x++) {
      for (let y = cy - 1; y <= cy + 1; y++) {
        for (let z = cz - 1; z <= cz + 1; z++) {
          const list = this.cells.get(this.key(x, y, z));
          if (list) f(list);
        }
      }
    }
  }

  /** Distinct for cells within ±1024 of the origin (±3 km of coordinates at any sensible cell size). */
  private key(x: number, y: number, z: number): number {
    return ((x + 1024) * 2048 + (y + 1024)) * 2048 + (z + 1024);
  }
}
