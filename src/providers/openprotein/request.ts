/**
 * The `POST /api/v1/poet/align/msa` requests a validated OpenProtein payload becomes: one per seed
 * (`is_seed=true`, the bare sequence as `msa_file`, as the seed document's example sends it), or
 * one for a ready-made alignment (`is_seed=false`, the checked A3M as `msa_file`, as the public
 * SDK's `upload_msa` does: openprotein/align/api.py `msa_post`, `params={"is_seed": is_seed}`,
 * `files={"msa_file": msa_file}`). Pure; the provider only puts them on the wire.
 */
import type { OpenProteinPayload } from './validate';

export interface MsaUploadRequest {
  /** The job's name in Bio Jobs (the API keeps none). */
  name: string;
  /** File name of the multipart part. */
  fileName: string;
  /** The `msa_file` content, exactly. */
  content: string;
  /** The `is_seed` query parameter. */
  isSeed: boolean;
}

export function openProteinRequests(payload: OpenProteinPayload): MsaUploadRequest[] {
  if (payload.kind === 'msa') return [{ name: payload.name, fileName: `${payload.name}.a3m`, content: payload.upload, isSeed: false }];
  return payload.seeds.map((seed) => ({ name: seed.name, fileName: `${seed.name}.fasta`, content: seed.sequence, isSeed: true }));
}

/** The query string object for the request (`is_seed=true|false`). */
export function uploadQuery(request: MsaUploadRequest): Record<string, string> {
  return { is_seed: request.isSeed ? 'true' : 'false' };
}

/**
 * A stored draft's request as an upload. Job records written before the upload shape existed
 * carry `{ name, sequence }` (one seed); they are read as the seed they were.
 */
export function asUploadRequest(request: unknown): MsaUploadRequest {
  const r = (request ?? {}) as Partial<MsaUploadRequest> & { sequence?: unknown };
  if (typeof r.content === 'string' && typeof r.isSeed === 'boolean') return r as MsaUploadRequest;
  if (typeof r.sequence === 'string') {
    const name = typeof r.name === 'string' && r.name ? r.name : 'seed';
    return { name, fileName: `${name}.fasta`, content: r.sequence, isSeed: true };
  }
  throw new TypeError('not an OpenProtein MSA request');
}
