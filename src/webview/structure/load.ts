/**
 * Reads the files the view needs by reference (`fetch(uri)`: the host never posts the bytes),
 * the structure first — it is drawn as soon as it arrives — and the JSON companions beside it,
 * each classified as PAE or pLDDT by content.
 */
import { parsePae, parsePlddtJson, type PaeMatrix } from '../../core/pae';
import type { FileRef } from './files';

export async function fetchStructure(file: FileRef, binary: boolean): Promise<string | Uint8Array> {
  const res = await fetch(file.uri, { cache: 'no-store' });
  if (!res.ok) throw new Error(`reading ${file.name} failed (HTTP ${res.status})`);
  return binary ? new Uint8Array(await res.arrayBuffer()) : await res.text();
}

export interface Companions {
  pae?: { matrix: PaeMatrix; file: string };
  plddt?: { values: number[]; file: string };
  /** Files that were neither, and why (shown in the view, so a user knows what was tried). */
  skipped: string[];
}

/** Reads the JSON files until a PAE and a pLDDT list are found (most likely names first). */
export async function fetchCompanions(files: readonly FileRef[], residues: () => Promise<number>): Promise<Companions> {
  const out: Companions = { skipped: [] };
  for (const f of files) {
    if (out.pae && out.plddt) break;
    let json: unknown;
    try {
      const res = await fetch(f.uri);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      json = JSON.parse(await res.text());
    } catch (err) {
      out.skipped.push(`${f.name}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (!out.pae) {
      try {
        const matrix = parsePae(json);
        const n = await residues();
        if (matrix.n === n) {
          out.pae = { matrix, file: f.name };
          continue;
        }
        out.skipped.push(`${f.name}: a ${matrix.n} × ${matrix.n} PAE, but the structure has ${n} residues`);
        continue;
      } catch {
        // Not a PAE: maybe a pLDDT list.
      }
    }
    if (!out.plddt) {
      const values = parsePlddtJson(json);
      if (values) {
        out.plddt = { values, file: f.name };
        continue;
      }
    }
    out.skipped.push(`${f.name}: neither a PAE matrix nor a pLDDT list`);
  }
  return out;
}
