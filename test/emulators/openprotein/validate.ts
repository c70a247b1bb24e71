/**
 * Request bodies the way the real service (FastAPI) reads them: form files and form fields, with
 * the shared 422/400 answers (../common/validation.ts, also where query parameters are read); an
 * unparseable multipart body is Starlette's 400.
 */
import { badRequest, unprocessable, type Checked, type EmulatorRequest, type ValidationIssue } from '../common';

export interface UploadedFile {
  /** The part's filename ("msa_file" when Python requests sends bytes). */
  filename: string;
  text: string;
}

/**
 * The form the request carries (multipart or urlencoded), parsed by undici's own multipart parser
 * (global Response.formData) rather than by hand. Any other content type has no form fields, so the
 * field is "missing" — what FastAPI says for a JSON body sent to a File(...) endpoint.
 */
async function formOf(req: EmulatorRequest): Promise<Checked<FormData | null>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) return { ok: true, value: null };
  try {
    return { ok: true, value: await new Response(req.rawBody, { headers: { 'content-type': type } }).formData() };
  } catch {
    return { ok: false, reply: badRequest('There was an error parsing the body') };
  }
}

/** A required UploadFile form field. A plain text field (no filename) is refused, as FastAPI refuses it. */
export async function formFile(req: EmulatorRequest, field: string): Promise<Checked<UploadedFile>> {
  const form = await formOf(req);
  if (!form.ok) return form;
  const value = form.value?.get(field) ?? null;
  const loc = ['body', field];
  if (value === null) return { ok: false, reply: unprocessable([{ type: 'missing', loc, msg: 'Field required', input: null }]) };
  if (typeof value === 'string') {
    return { ok: false, reply: unprocessable([{ type: 'value_error', loc, msg: "Value error, Expected UploadFile, received: <class 'str'>", input: value }]) };
  }
  return { ok: true, value: { filename: value.name, text: await value.text() } };
}

/** Required urlencoded form fields (OAuth2PasswordRequestForm reads nothing else). */
export async function formFields(req: EmulatorRequest, required: readonly string[]): Promise<Checked<Record<string, string>>> {
  const form = await formOf(req);
  if (!form.ok) return form;
  const out: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const name of required) {
    const v = form.value?.get(name) ?? null;
    if (typeof v === 'string') out[name] = v;
    else issues.push({ type: 'missing', loc: ['body', name], msg: 'Field required', input: null });
  }
  for (const [k, v] of form.value ?? []) if (!(k in out) && typeof v === 'string') out[k] = v;
  return issues.length > 0 ? { ok: false, reply: unprocessable(issues) } : { ok: true, value: out };
}
