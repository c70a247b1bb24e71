/**
 * What a finished job stored: the summary values and the output files, computed from its input
 * (deterministic: the same sequence always gives the same files). Structure tools store
 *   prediction.pdb  chemical/x-pdb   the model, B-factor = pLDDT (the results page's own example name)
 *   plddt.json      application/json { residue_number: [1…n], plddt: [...], mean_plddt }
 *   pae.json        application/json AlphaFold DB layout: [{ predicted_aligned_error: number[n][n],
 *                                    max_predicted_aligned_error: 31.75 }] — only when PAE is on and
 *                                    the chain has at most `paeMaxResidues` residues (n² numbers)
 * and the summary { model, sequence_length, mean_plddt, ptm }. `protparam` stores values only.
 * A BUDGET_EXCEEDED structure job stopped before its model was written: no files, and a summary
 * saying where it stopped.
 */
import { MAX_PAE, paeMatrix, predictFold } from './fold';
import { buildChain } from './geometry';
import type { Job } from './jobs';
import { formatPdb } from './pdb';
import { protParam } from './protparam';

export interface OutputFile {
  name: string;
  contentType: string;
  text: string;
}

export interface Outputs {
  /** `results` of the result resource in every shape. */
  summary: Record<string, unknown>;
  files: OutputFile[];
  /** What the "values" shape adds to `results` instead of files (the files' data as values). */
  values: Record<string, unknown>;
}

export interface OutputOptions {
  pae: boolean;
  paeMaxResidues: number;
}

export function completedOutputs(job: Job, endedAt: number, opts: OutputOptions): Outputs {
  const { residues, name } = job.input;
  if (job.tool.output === 'values') return { summary: { ...protParam(residues) }, files: [], values: {} };
  const fold = predictFold(residues);
  const pdb = formatPdb(buildChain(residues, fold), { title: `${job.tool.name} prediction of ${name}`, plddt: fold.plddt, date: new Date(endedAt).toISOString().slice(0, 10) });
  const residueNumber = fold.plddt.map((_, i) => i + 1);
  const files: OutputFile[] = [
    { name: 'prediction.pdb', contentType: 'chemical/x-pdb', text: pdb },
    { name: 'plddt.json', contentType: 'application/json', text: JSON.stringify({ residue_number: residueNumber, plddt: fold.plddt, mean_plddt: fold.meanPlddt }) },
  ];
  const values: Record<string, unknown> = { pdb, plddt: fold.plddt };
  if (opts.pae && residues.length <= opts.paeMaxResidues) {
    const pae = paeMatrix(residues, fold);
    files.push({ name: 'pae.json', contentType: 'application/json', text: JSON.stringify([{ predicted_aligned_error: pae, max_predicted_aligned_error: MAX_PAE }]) });
    values.pae = pae;
  }
  return { summary: { model: job.tool.id, sequence_length: residues.length, mean_plddt: fold.meanPlddt, ptm: fold.ptm }, files, values };
}

export function budgetStopOutputs(job: Job, progress: number): Outputs {
  return {
    summary: { sequence_length: job.input.residues.length, stopped_at_progress: progress, message: 'The job used its reserved credits before the model was written; no structure was stored' },
    files: [],
    values: {},
  };
}
