/**
 * Epitopes (MHC-I, MHC-II, B-cell) placed on the chains for the tracks. An entry is placed at
 * its `start` when its peptide is there (or has no peptide), else where its peptide occurs in
 * the chain it names (or in either chain when it names none); anything else is listed unplaced.
 */
import { chainOf, CHAIN_KEYS, type ChainKey } from './chains';
import { field, isRecord, num, str } from './values';

export interface Epitope {
  chain: ChainKey;
  /** 1-based, inclusive. */
  start: number;
  end: number;
  peptide: string;
  /** Allele, rank or score, for the label. */
  detail: string;
}

export interface PlacedEpitopes {
  placed: Epitope[];
  unplaced: string[];
}

function detailOf(e: Record<string, unknown>): string {
  const parts: string[] = [];
  const allele = str(field(e, 'allele', 'hla', 'mhc_allele'));
  if (allele) parts.push(allele);
  const rank = num(field(e, 'percentile_rank', 'rank', 'percentile'));
  if (rank !== undefined) parts.push(`rank ${rank}`);
  const score = num(field(e, 'score', 'probability'));
  if (score !== undefined) parts.push(`score ${score}`);
  const ic50 = num(field(e, 'ic50', 'affinity_nm'));
  if (ic50 !== undefined) parts.push(`IC50 ${ic50} nM`);
  return parts.join(', ');
}

export function placeEpitopes(raw: unknown, chains: Partial<Record<ChainKey, string>>): PlacedEpitopes {
  const out: PlacedEpitopes = { placed: [], unplaced: [] };
  if (!Array.isArray(raw)) return out;
  for (const e of raw) {
    if (!isRecord(e)) {
      if (e !== null && e !== undefined) out.unplaced.push(typeof e === 'string' ? e : JSON.stringify(e));
      continue;
    }
    const named = chainOf(field(e, 'chain', 'chain_id'));
    const peptide = str(field(e, 'peptide', 'sequence', 'epitope'))?.toUpperCase();
    const start = num(field(e, 'start', 'begin', 'position', 'from'));
    const end = num(field(e, 'end', 'stop', 'to'));
    const detail = detailOf(e);
    let placed: Epitope | undefined;
    for (const c of named ? [named] : CHAIN_KEYS) {
      const seq = chains[c]?.toUpperCase();
      if (!seq) continue;
      if (start !== undefined && Number.isInteger(start) && start >= 1) {
        const length = peptide?.length ?? (end !== undefined ? end - start + 1 : 0);
        if (length > 0 && start + length - 1 <= seq.length && (!peptide || seq.slice(start - 1, start - 1 + length) === peptide)) {
          placed = { chain: c, start, end: start + length - 1, peptide: seq.slice(start - 1, start - 1 + length), detail };
          break;
        }
      }
      const at = peptide ? seq.indexOf(peptide) : -1;
      if (at >= 0) {
        placed = { chain: c, start: at + 1, end: at + peptide!.length, peptide: peptide!, detail };
        break;
      }
    }
    if (placed) out.placed.push(placed);
    else out.unplaced.push(`${peptide ?? '(no peptide)'}${start !== undefined ? ` at ${start}` : ''}${named ? ` on ${named.toUpperCase()}` : ''}`);
  }
  return out;
}
