/**
 * Job ids from a text or JSON file a user wants to track: one per line or separated by commas,
 * tabs or spaces (a column pasted from a spreadsheet, `# comments` skipped), or a JSON array of
 * strings or of objects with an `id` / `job_id` / `jobId` field (also `{ "jobs": [...] }`). Each id
 * keeps its line so a bad one can be pointed at. Pure.
 */
export interface JobIdEntry {
  id: string;
  /** 0-based line of the file. */
  line: number;
}

const ID_KEYS = ['id', 'job_id', 'jobId', 'jobid'];

export function readJobIds(text: string, fileName = ''): JobIdEntry[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (/\.json$/i.test(fileName) || /^[[{]/.test(trimmed)) {
    const fromJson = jsonIds(trimmed, text);
    if (fromJson) return dedupe(fromJson);
  }
  const out: JobIdEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, line) => {
    const content = raw.replace(/#.*$/, '');
    for (const token of content.split(/[\s,;]+/)) {
      const id = token.replace(/^["']|["']$/g, '').trim();
      if (id) out.push({ id, line });
    }
  });
  return dedupe(out);
}

function jsonIds(trimmed: string, text: string): JobIdEntry[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { jobs?: unknown }).jobs) ? (data as { jobs: unknown[] }).jobs : undefined;
  if (!list) return undefined;
  const ids: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') ids.push(item);
    else if (item && typeof item === 'object') {
      const key = ID_KEYS.find((k) => typeof (item as Record<string, unknown>)[k] === 'string');
      if (key) ids.push((item as Record<string, string>)[key]);
    }
  }
  // The line of each id: where its quoted text first appears.
  return ids.map((id) => {
    const at = text.indexOf(JSON.stringify(id));
    return { id: id.trim(), line: at < 0 ? 0 : text.slice(0, at).split(/\r\n|\r|\n/).length - 1 };
  });
}

function dedupe(entries: JobIdEntry[]): JobIdEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => e.id && !seen.has(e.id) && (seen.add(e.id), true));
}
