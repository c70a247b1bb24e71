/** Job names derived from sequence ids: safe for any API and for file names. */

export const MAX_JOB_NAME_LENGTH = 64;

/** A job name from a FASTA id: only [A-Za-z0-9_.-], at most 64 characters; falls back to the file name. */
export function jobNameFromId(id: string, fileName: string): string {
  const sanitise = (text: string) =>
    text
      .replace(/[^A-Za-z0-9_.-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, MAX_JOB_NAME_LENGTH);
  return sanitise(id) || sanitise(fileName.replace(/\.[^.]*$/, '')) || 'sequence';
}
