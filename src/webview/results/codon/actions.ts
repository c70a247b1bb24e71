/** What the codon view asks the host to do: copy a sequence, save FASTA. Builds the records. */
import { host, type ShowMessage } from '../../common/host';
import type { Candidate } from './model';

type FastaRecord = { id: string; description?: string; sequence: string };

/** FASTA ids must be one word; the host sanitises again, this just keeps them readable. */
function word(text: string): string {
  return text.trim().replace(/\s+/g, '_') || 'sequence';
}

export class CodonActions {
  constructor(private readonly show: ShowMessage) {}

  record(c: Candidate): FastaRecord {
    const job = this.show.job;
    const parts = [`type=${c.type}`, `score=${c.score}`];
    if (job.remoteId) parts.push(`job=${job.remoteId}`);
    return { id: `${word(job.name)}_${word(c.label).toLowerCase()}`, description: parts.join(' '), sequence: c.sequence };
  }

  copy(c: Candidate): void {
    host().post({ type: 'copy', text: c.sequence, what: `${c.label} sequence` });
  }

  save(c: Candidate): void {
    host().post({ type: 'saveFasta', fileName: `${word(this.show.job.name)}_${word(c.label).toLowerCase()}.fasta`, records: [this.record(c)] });
  }

  saveAll(all: readonly Candidate[]): void {
    host().post({ type: 'saveFasta', fileName: `${word(this.show.job.name)}_codon.fasta`, records: all.map((c) => this.record(c)) });
  }
}
