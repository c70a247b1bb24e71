/**
 * The persisted job store. A snapshot (`jobs.json`, versioned) plus an append-only journal
 * (`jobs.journal`, one JSON line per changed record or removal): a status update appends one line
 * and fsyncs it, so its cost does not grow with the number of jobs. The journal is folded into the
 * snapshot at start-up. A corrupt snapshot is kept as a backup and the store starts clean with a
 * warning; a torn last journal line (a crash mid-append) is skipped. It never throws at load.
 *
 * Several VS Code windows share the files (one extension host each). Each window appends to the
 * same journal and reads the others' lines before it writes and when the watcher fires: per job
 * the newer `updatedAt` wins, and removals are tombstones so a removed job is never brought back.
 */
import { mkdirSync, promises as fs, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../core/atomicFile';
import { Emitter, type Event } from '../core/event';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';
import { JOB_STATUSES } from '../providers/jobVocabulary';
import type { JobRecord, StoredResultFile } from './model';

export const STORE_VERSION = 2;
const STATUSES: ReadonlySet<string> = new Set(JOB_STATUSES);
const TOMBSTONE_MS = 30 * 86_400_000;

export interface StoreDocument {
  version: number;
  jobs: JobRecord[];
  /** Removed job ids → when; kept for 30 days so another window cannot resurrect them. */
  removed?: Record<string, number>;
}

/** One journal line. */
type JournalEntry = { put: JobRecord } | { del: string; at: number };

export type JobPatch = Partial<Omit<JobRecord, 'id' | 'providerId' | 'createdAt'>>;

export interface JobsChange {
  /** Ids added, updated or removed. */
  ids: string[];
  removed: boolean;
}

export interface LoadOutcome {
  /** Set when the file was unreadable and was moved aside. */
  warning?: string;
}

/** Merges two views of the store: tombstones win, otherwise the newer record of each job. Pure. */
export function mergeDocuments(a: StoreDocument, b: StoreDocument, now: number): { jobs: Map<string, JobRecord>; removed: Map<string, number> } {
  const removed = new Map<string, number>();
  for (const [id, at] of [...Object.entries(a.removed ?? {}), ...Object.entries(b.removed ?? {})]) {
    if (now - at < TOMBSTONE_MS) removed.set(id, Math.max(at, removed.get(id) ?? 0));
  }
  const jobs = new Map<string, JobRecord>();
  for (const j of [...a.jobs, ...b.jobs]) {
    if (removed.has(j.id)) continue;
    const cur = jobs.get(j.id);
    if (!cur || j.updatedAt > cur.updatedAt) jobs.set(j.id, j);
  }
  return { jobs, removed };
}

const MEDIA_TYPES: Record<string, string> = { '.json': 'application/json', '.a3m': 'text/x-a3m', '.fasta': 'text/x-fasta', '.pdb': 'chemical/x-pdb', '.cif': 'chemical/x-mmcif' };

/** A version-1 record's one result file (`resultFile` + `resultView`) as a version-2 file list. */
function migrateRecord(j: JobRecord & { resultFile?: unknown; resultView?: unknown }): JobRecord {
  const { resultFile, resultView, ...rest } = j;
  if (typeof resultFile !== 'string' || rest.result) return rest;
  const ext = path.extname(resultFile).toLowerCase();
  const file: StoredResultFile = {
    name: resultFile,
    mediaType: MEDIA_TYPES[ext] ?? 'application/octet-stream',
    view: typeof resultView === 'string' ? resultView : 'json',
    primary: true,
  };
  return { ...rest, result: { files: [file] } };
}

/** Upgrades an older document to the current version. Version 0 was a bare array, 1 had one result file per job. */
export function migrate(doc: unknown): StoreDocument {
  if (Array.isArray(doc)) return { version: STORE_VERSION, jobs: doc.filter(isJobRecord).map(migrateRecord) };
  if (doc && typeof doc === 'object') {
    const d = doc as { version?: unknown; jobs?: unknown; removed?: unknown };
    if (typeof d.version === 'number' && d.version > STORE_VERSION) {
      throw new Error(`the job store was written by a newer Bio Jobs (version ${d.version})`);
    }
    if (Array.isArray(d.jobs)) return { version: STORE_VERSION, jobs: d.jobs.filter(isJobRecord).map(migrateRecord), removed: tombstones(d.removed) };
  }
  throw new Error('the job store has an unknown format');
}

function tombstones(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === 'object') for (const [k, at] of Object.entries(v)) if (typeof at === 'number') out[k] = at;
  return out;
}

function isJobRecord(v: unknown): v is JobRecord {
  if (!v || typeof v !== 'object') return false;
  const j = v as Partial<JobRecord>;
  return (
    typeof j.id === 'string' &&
    typeof j.providerId === 'string' &&
    typeof j.name === 'string' &&
    typeof j.status === 'string' &&
    STATUSES.has(j.status) &&
    typeof j.createdAt === 'number' &&
    typeof j.updatedAt === 'number'
  );
}

function parseEntry(line: string): JournalEntry | undefined {
  try {
    const e = JSON.parse(line) as Partial<{ put: unknown; del: unknown; at: unknown }>;
    if (e.put !== undefined && isJobRecord(e.put)) return { put: migrateRecord(e.put) };
    if (typeof e.del === 'string' && typeof e.at === 'number') return { del: e.del, at: e.at };
  } catch {
    /* a torn line */
  }
  return undefined;
}

export class JobStore {
  private jobs = new Map<string, JobRecord>();
  private removed = new Map<string, number>();
  private writing: Promise<unknown> = Promise.resolve();
  private watcher?: FSWatcher;
  /** How far this window has read the journal, and which file that was (a compaction replaces it). */
  private journalOffset = 0;
  private journalIno?: number;
  private readonly changed = new Emitter<JobsChange>();
  readonly onDidChange: Event<JobsChange> = this.changed.event;
  readonly file: string;
  readonly journal: string;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.file = path.join(dir, 'jobs.json');
    this.journal = path.join(dir, 'jobs.journal');
  }

  /** Reads the snapshot and the journal, then folds the journal into a fresh snapshot (when that changes it). */
  async load(): Promise<LoadOutcome> {
    let outcome: LoadOutcome = {};
    let text: string | undefined;
    try {
      text = await readFileIfExists(this.file);
    } catch (err) {
      outcome = await this.startClean(`could not read ${this.file}: ${(err as Error).message}`);
    }
    let snapshot = text;
    if (text !== undefined) {
      try {
        const doc = migrate(JSON.parse(text));
        this.removed = new Map(Object.entries(doc.removed ?? {}));
        // Tombstones win, as in every merge (an older release could write both).
        this.jobs = new Map(doc.jobs.filter((j) => !this.removed.has(j.id)).map((j) => [j.id, j]));
      } catch (err) {
        outcome = await this.startClean((err as Error).message);
        snapshot = undefined;
      }
    }
    try {
      await this.compact(snapshot);
    } catch (err) {
      this.log.warn(`Could not fold the job journal into the store: ${(err as Error).message}`);
    }
    this.log.info(`Loaded ${this.jobs.size} job(s) from the store`);
    return outcome;
  }

  /**
   * Start-up compaction: the journal is moved aside (other windows then append to a new one), its
   * lines — and those of the previous compaction's leftover, in case a window appended to it late —
   * are applied, and one snapshot is written. Applying a line twice changes nothing.
   *
   * The snapshot is written only when it would change (`snapshot`: the text read at load): most
   * start-ups fold nothing new, and the write (with its fsync) was ~5–18 ms of activation.
   */
  private async compact(snapshot?: string): Promise<void> {
    const old = `${this.journal}.old`;
    await this.applyJournalFile(old);
    try {
      await fs.rename(this.journal, old);
      await this.applyJournalFile(old);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const now = this.clock.now();
    for (const [id, at] of this.removed) if (now - at >= TOMBSTONE_MS) this.removed.delete(id);
    const next = JSON.stringify(this.document());
    const unchanged = snapshot === undefined ? this.jobs.size === 0 && this.removed.size === 0 : snapshot === next;
    if (!unchanged) await writeFileAtomic(this.file, next);
    this.journalOffset = 0;
    this.journalIno = undefined;
  }

  private async applyJournalFile(file: string): Promise<void> {
    const text = await readFileIfExists(file);
    if (text) this.applyLines(text);
  }

  /** Applies journal lines; returns the ids that changed and those removed. */
  private applyLines(text: string): { changed: string[]; gone: string[] } {
    const changed: string[] = [];
    const gone: string[] = [];
    let torn = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const e = parseEntry(line);
      if (!e) {
        torn++;
        continue;
      }
      if ('del' in e) {
        this.removed.set(e.del, Math.max(e.at, this.removed.get(e.del) ?? 0));
        if (this.jobs.delete(e.del)) gone.push(e.del);
      } else if (!this.removed.has(e.put.id)) {
        const cur = this.jobs.get(e.put.id);
        if (!cur || e.put.updatedAt > cur.updatedAt) {
          this.jobs.set(e.put.id, e.put);
          changed.push(e.put.id);
        }
      }
    }
    if (torn) this.log.warn(`Skipped ${torn} unreadable line(s) of the job journal (an interrupted write).`);
    return { changed, gone };
  }

  private async startClean(reason: string): Promise<LoadOutcome> {
    const backup = `${this.file}.corrupt-${this.clock.now()}`;
    try {
      await fs.rename(this.file, backup);
    } catch {
      /* nothing to move aside */
    }
    this.jobs.clear();
    const warning = `Bio Jobs could not load its job list (${reason}). It was saved as ${path.basename(backup)} and the list starts empty.`;
    this.log.warn(warning);
    return { warning };
  }

  all(): JobRecord[] {
    return [...this.jobs.values()];
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** Newest first. */
  byProvider(providerId: string): JobRecord[] {
    return this.all()
      .filter((j) => j.providerId === providerId)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  findByRemoteId(providerId: string, remoteId: string): JobRecord | undefined {
    for (const j of this.jobs.values()) if (j.providerId === providerId && j.remoteId === remoteId) return j;
    return undefined;
  }

  /** Adds records and resolves once they are on disk (the write-ahead guarantee). */
  async add(...jobs: JobRecord[]): Promise<void> {
    for (const j of jobs) this.jobs.set(j.id, j);
    await this.persist(jobs.map((j) => ({ put: j })), { ids: jobs.map((j) => j.id), removed: false });
  }

  /** Applies a patch; resolves once on disk. Returns the new record, or undefined if it is gone. */
  async update(id: string, patch: JobPatch): Promise<JobRecord | undefined> {
    const [next] = await this.updateMany([[id, patch]]);
    return next;
  }

  /** Applies several patches in one append (a poll that changes many jobs costs one fsync). */
  async updateMany(patches: ReadonlyArray<readonly [string, JobPatch]>): Promise<JobRecord[]> {
    const now = this.clock.now();
    const out = new Map<string, JobRecord>();
    for (const [id, patch] of patches) {
      const cur = this.jobs.get(id);
      if (!cur) continue;
      // Strictly newer than what is stored, so another window's merge keeps it.
      const next: JobRecord = { ...cur, ...patch, updatedAt: Math.max(now, cur.updatedAt + 1) };
      this.jobs.set(id, next);
      out.set(id, next);
    }
    if (out.size) await this.persist([...out.values()].map((j) => ({ put: j })), { ids: [...out.keys()], removed: false });
    return [...out.values()];
  }

  async remove(...ids: string[]): Promise<void> {
    const at = this.clock.now();
    const gone = ids.filter((id) => this.jobs.delete(id));
    for (const id of gone) this.removed.set(id, at);
    if (gone.length) await this.persist(gone.map((id) => ({ del: id, at })), { ids: gone, removed: true });
  }

  /** Waits for pending writes (used on deactivate and in tests). */
  async flush(): Promise<void> {
    await this.writing.catch(() => undefined);
  }

  private persist(entries: JournalEntry[], change: JobsChange): Promise<void> {
    this.changed.fire(change);
    const next = this.writing
      .catch(() => undefined)
      .then(async () => {
        await this.catchUp();
        await this.append(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      });
    this.writing = next.catch((err: Error) => this.log.error(`Could not save the job store: ${err.message}`));
    return next;
  }

  /** Appends and fsyncs; moves this window's read offset past its own lines when nobody wrote in between. */
  private async append(text: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const bytes = Buffer.from(text, 'utf8');
    const handle = await fs.open(this.journal, 'a');
    try {
      const before = await handle.stat();
      await handle.write(bytes);
      await handle.datasync();
      const after = await handle.stat();
      if (this.journalIno === undefined && before.size === 0) this.journalIno = before.ino;
      if (before.ino === this.journalIno && before.size === this.journalOffset && after.size === before.size + bytes.byteLength) {
        this.journalOffset = after.size;
      }
    } finally {
      await handle.close();
    }
  }

  /**
   * Folds other windows' journal lines into memory and announces them. When the journal was
   * replaced (another window compacted at its start-up), the snapshot and the new journal are
   * read again in full.
   */
  private async catchUp(): Promise<void> {
    let stat;
    try {
      stat = await fs.stat(this.journal);
    } catch {
      return;
    }
    let text: string;
    if (stat.ino !== this.journalIno || stat.size < this.journalOffset) {
      const snapshot = await readFileIfExists(this.file).catch(() => undefined);
      if (snapshot) {
        try {
          const doc = migrate(JSON.parse(snapshot));
          const before = new Map(this.jobs);
          const merged = mergeDocuments(this.document(), doc, this.clock.now());
          this.jobs = merged.jobs;
          this.removed = merged.removed;
          this.announce([...this.jobs.keys()].filter((id) => before.get(id) !== this.jobs.get(id)), [...before.keys()].filter((id) => !this.jobs.has(id)));
        } catch {
          /* a snapshot being replaced: the next catch-up reads it */
        }
      }
      this.journalIno = stat.ino;
      this.journalOffset = 0;
    }
    if (stat.size <= this.journalOffset) return;
    const handle = await fs.open(this.journal, 'r');
    try {
      const length = stat.size - this.journalOffset;
      const buf = Buffer.alloc(length);
      await handle.read(buf, 0, length, this.journalOffset);
      text = buf.toString('utf8');
    } finally {
      await handle.close();
    }
    // Only whole lines: a line being written now is read next time.
    const end = text.lastIndexOf('\n') + 1;
    this.journalOffset += Buffer.byteLength(text.slice(0, end), 'utf8');
    const { changed, gone } = this.applyLines(text.slice(0, end));
    this.announce(changed, gone);
  }

  private announce(changed: string[], gone: string[]): void {
    if (changed.length) this.changed.fire({ ids: changed, removed: false });
    if (gone.length) this.changed.fire({ ids: gone, removed: true });
  }

  private document(): StoreDocument {
    return { version: STORE_VERSION, jobs: this.all(), removed: Object.fromEntries(this.removed) };
  }

  /** Follows writes by other windows' extension hosts. */
  watch(): void {
    if (this.watcher) return;
    let timer: NodeJS.Timeout | undefined;
    const names = new Set([path.basename(this.file), path.basename(this.journal)]);
    try {
      // A fresh profile has no folder yet: make it, or the watch fails and sync is off for the session.
      mkdirSync(this.dir, { recursive: true });
      this.watcher = watch(this.dir, (_event, name) => {
        if (name && !names.has(name)) return;
        clearTimeout(timer);
        // Coalesce the burst of events an append or a rename produces.
        timer = setTimeout(() => {
          this.writing = this.writing.catch(() => undefined).then(() => this.catchUp()).catch(() => undefined);
        }, 50);
      });
    } catch (err) {
      this.log.warn(`Not watching the job store for other windows: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    this.watcher?.close();
    this.changed.dispose();
  }
}
