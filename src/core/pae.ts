/**
 * Predicted aligned error (PAE) and per-residue pLDDT from the JSON files structure
 * predictors write next to the model. Accepted shapes (all seen in the wild):
 *   - AlphaFold DB v2+:  [{ "predicted_aligned_error": [[…], …], "max_predicted_aligned_error": 31.75 }]
 *   - the same object without the array, or `pae` instead (ColabFold, AlphaFold 3 full_data)
 *   - AlphaFold DB v1:   [{ "residue1": [1,1,…], "residue2": [1,2,…], "distance": [0.2,…] }]
 *   - pLDDT: { "plddt": [...] }, AlphaFold 3 has atom-level values instead (not per residue),
 *     AlphaFold DB confidence: { "residueNumber": [...], "confidenceScore": [...] }
 * Pure and vscode-free; errors name what is wrong, so the view can say it.
 */

export interface PaeMatrix {
  /** Residues (rows = aligned residue, columns = scored residue, AlphaFold's convention). */
  n: number;
  /** Row-major n × n, Å. */
  values: Float32Array;
  /** The scale's top: the file's `max_predicted_aligned_error`, else the largest value. */
  max: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object holding the data: the object itself or the first element of a one-element list. */
function body(json: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(json)) return json.length > 0 && isRecord(json[0]) ? json[0] : undefined;
  return isRecord(json) ? json : undefined;
}

function fromRows(rows: unknown, max: unknown): PaeMatrix {
  if (!Array.isArray(rows) || rows.length === 0) throw new Error('the PAE matrix is empty');
  const n = rows.length;
  const values = new Float32Array(n * n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) || row.length !== n) throw new Error(`the PAE matrix is not square: row ${i + 1} has ${Array.isArray(row) ? row.length : 'no'} values for ${n} rows`);
    for (let j = 0; j < n; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`PAE row ${i + 1}, column ${j + 1} is not a number`);
      values[i * n + j] = v;
      if (v > top) top = v;
    }
  }
  return { n, values, max: typeof max === 'number' && max > 0 ? max : top };
}

/** AlphaFold DB v1: three parallel lists, 1-based residue numbers. */
function fromTriples(o: Record<string, unknown>): PaeMatrix {
  const r1 = o.residue1;
  const r2 = o.residue2;
  const d = o.distance;
  if (!Array.isArray(r1) || !Array.isArray(r2) || !Array.isArray(d) || r1.length !== r2.length || r1.length !== d.length) {
    throw new Error('residue1, residue2 and distance must be lists of one length');
  }
  const n = Math.round(Math.sqrt(d.length));
  if (n * n !== d.length) throw new Error(`${d.length} PAE values do not make a square matrix`);
  const values = new Float32Array(n * n);
  let top = 0;
  for (let k = 0; k < d.length; k++) {
    const i = Number(r1[k]) - 1;
    const j = Number(r2[k]) - 1;
    const v = Number(d[k]);
    if (!(i >= 0 && i < n && j >= 0 && j < n) || !Number.isFinite(v)) throw new Error(`PAE entry ${k + 1} is out of range`);
    values[i * n + j] = v;
    if (v > top) top = v;
  }
  return { n, values, max: top };
}

/** Reads a PAE JSON document (already JSON.parse'd). Throws with a reason when it is none. */
export function parsePae(json: unknown): PaeMatrix {
  const o = body(json);
  if (!o) throw new Error('not a PAE file: expected an object or a list holding one');
  if ('predicted_aligned_error' in o) return fromRows(o.predicted_aligned_error, o.max_predicted_aligned_error);
  if ('pae' in o) return fromRows(o.pae, o.max_pae ?? o.max_predicted_aligned_error);
  if ('distance' in o && 'residue1' in o) return fromTriples(o);
  throw new Error('not a PAE file: no predicted_aligned_error, pae or residue1/residue2/distance');
}

/** Per-residue pLDDT from a JSON document, on the 0–100 scale; undefined when it holds none. */
export function parsePlddtJson(json: unknown): number[] | undefined {
  const o = body(json);
  if (!o) return undefined;
  const list = Array.isArray(o.plddt) ? o.plddt : Array.isArray(o.confidenceScore) ? o.confidenceScore : undefined;
  if (!list || list.length === 0 || !list.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100)) return undefined;
  const values = list as number[];
  // ESMFold and some pipelines write 0–1.
  return values.every((v) => v <= 1) ? values.map((v) => v * 100) : values;
}

/** The mean PAE of a block (rows a0..a1 × columns b0..b1, inclusive), for the selection's status line. */
export function blockMean(pae: PaeMatrix, a0: number, a1: number, b0: number, b1: number): number {
  let sum = 0;
  let count = 0;
  for (let i = a0; i <= a1; i++) {
    for (let j = b0; j <= b1; j++) {
      sum += pae.values[i * pae.n + j];
      count++;
    }
  }
  return count ? sum / count : Number.NaN;
}
