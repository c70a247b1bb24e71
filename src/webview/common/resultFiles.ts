/**
 * Reading a result's files in the webview: by reference (`fetch` of the file's webview URI), so a
 * large result never travels as one message. JSON files are parsed; text stays text.
 */
import type { HostMessage, ResultFileView } from '../../shared/protocol';

export type ShowFilesMessage = Extract<HostMessage, { type: 'show' }>;

export function primaryOf(files: readonly ResultFileView[]): ResultFileView | undefined {
  return files.find((f) => f.primary) ?? files[0];
}

export function isJsonFile(f: Pick<ResultFileView, 'mediaType' | 'name'>): boolean {
  return /[/+]json\b/i.test(f.mediaType) || /\.json$/i.test(f.name);
}

export function isTextFile(f: Pick<ResultFileView, 'mediaType' | 'name'>): boolean {
  return isJsonFile(f) || /^text\//i.test(f.mediaType) || /\.(txt|csv|tsv|fasta|fa|faa|fna|a3m|aln|pdb|cif|md)$/i.test(f.name);
}

export async function fetchBytes(file: ResultFileView): Promise<ArrayBuffer> {
  const res = await fetch(file.uri);
  if (!res.ok) throw new Error(`${file.name} could not be read (HTTP ${res.status}).`);
  return res.arrayBuffer();
}

export async function fetchText(file: ResultFileView): Promise<string> {
  return new TextDecoder('utf-8').decode(await fetchBytes(file));
}

/** The file's content for a renderer: parsed JSON, or the text. */
export async function fetchData(file: ResultFileView): Promise<unknown> {
  const text = await fetchText(file);
  if (!isJsonFile(file)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
