/**
 * FASTA records of a strategy's chains (and the parent's), for "Copy FASTA" / "Save FASTA".
 * Ids are reduced to [A-Za-z0-9_.-] so a hostile strategy name cannot break the header line;
 * the readable name goes into the description with controls made visible and newlines removed.
 */
import { CHAIN_KEYS, CHAIN_LABEL, type ChainKey } from './chains';
import { visible } from './safeText';

export interface FastaRecord {
  id: string;
  description?: string;
  sequence: string;
}

export function fastaId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  return id || 'sequence';
}

export function chainRecords(name: string, chains: Partial<Record<ChainKey, string>>, what = 'humanised'): FastaRecord[] {
  return CHAIN_KEYS.filter((c) => chains[c]).map((c) => ({
    id: `${fastaId(name)}_${CHAIN_LABEL[c]}`,
    description: visible(`${name} ${CHAIN_LABEL[c]} (${what})`).replace(/[\r\n]+/g, ' ').slice(0, 500),
    sequence: chains[c] as string,
  }));
}

export function formatFasta(records: readonly FastaRecord[], width = 60): string {
  return records
    .map((r) => {
      const lines = r.sequence.match(new RegExp(`.{1,${width}}`, 'g')) ?? [''];
      return `>${r.id}${r.description ? ` ${r.description}` : ''}\n${lines.join('\n')}\n`;
    })
    .join('');
}
