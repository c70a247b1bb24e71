/** FASTA output for "Save as FASTA": 60-column sequence lines, one-line headers. vscode-free. */

export interface FastaRecord {
  id: string;
  description?: string;
  sequence: string;
}

export const FASTA_LINE_WIDTH = 60;

/** Header text must stay on one line and not start a new record. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function formatFasta(records: readonly FastaRecord[], width = FASTA_LINE_WIDTH): string {
  const out: string[] = [];
  for (const r of records) {
    const id = oneLine(r.id).replace(/\s+/g, '_') || 'sequence';
    const description = r.description ? oneLine(r.description) : '';
    out.push(`>${id}${description ? ` ${description}` : ''}`);
    const sequence = r.sequence.replace(/\s+/g, '');
    for (let i = 0; i < sequence.length; i += width) out.push(sequence.slice(i, i + width));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
