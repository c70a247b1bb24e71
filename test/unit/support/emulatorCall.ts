/** Raw HTTP calls to an emulator for its own tests (global fetch; no client code in between). */

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface CallOptions {
  token?: string;
  /** Authorization scheme; default "Bearer". */
  scheme?: string;
  body?: unknown;
  /** Multipart or urlencoded; fetch sets the content type. */
  form?: FormData | URLSearchParams;
  /** Sent verbatim instead of JSON-encoding `body`. */
  raw?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function call(base: string, method: string, p: string, opts: CallOptions = {}): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `${opts.scheme ?? 'Bearer'} ${opts.token}`;
  let body: string | FormData | URLSearchParams | undefined = opts.form ?? opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + p, { method, headers, body, signal: opts.signal });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A pydantic-style validation issue in a 422 `detail`. */
export interface Issue {
  type: string;
  loc: (string | number)[];
  msg: string;
}
export const issues = (r: Res): Issue[] => (r.json as { detail: Issue[] }).detail;
export const detail = (r: Res): string => (r.json as { detail: string }).detail;
