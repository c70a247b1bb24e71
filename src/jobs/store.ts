/**
 * The persisted job store: one versioned JSON document, written atomically after every change.
 * A corrupt document is kept as a backup and the store starts clean with a warning; it never throws
 * at load. Writes are serialised so a burst of updates cannot interleave on disk.
 *
 * Several VS Code windows share the file (one extension host each). Every write first merges what
 * is on disk — per job the newer `updatedAt` wins, and removals are kept as tombstones so a removed
 * job is never brought back — and `watch()` picks up the other windows' writes.
 */
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../core/atomicFile';
import { Emitter, type Event } from '../core/event';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/log';
import type { JobRecord, JobStatus } from './model';

export const STORE_VERSION = 1;
const STATUSES: ReadonlySet<string> = new Set<JobStatus>([
  'submitting', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown',
]);

interface StoreDocument {
  version: number;
  jobs: JobRecord[];
  /** Removed job ids → when; kept for TOMBSTONE_DAYS so another window cannot resurrect them. */
  removed?: Record<string, number>;
}

const TOMBSTONE_MS = 30 * 86_400_000;

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

/** Upgrades an older document to the current version. Version 0 was a bare array of jobs. */
export function migrate(doc: unknown): StoreDocument {
  if (Array.isArray(doc)) return { version: STORE_VERSION, jobs: doc.filter(isJobRecord) };
  if (doc && typeof doc === 'object') {
    const d = doc as { version?: unknown; jobs?: unknown };
    if (typeof d.version === 'number' && d.version > STORE_VERSION) {
      throw new Error(`the job store was written by a newer Bio Jobs (version ${d.version})`);
    }
    if (Array.isArray(d.jobs)) return { version: STORE_VERSION, jobs: d.jobs.filter(isJobRecord), removed: tombstones((d as { removed?: unknown }).removed) };
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
    typeof j.createdAt === 'number'
  );
}

export class JobStore {
  private jobs = new Map<string, JobRecord>();
  private removed = new Map<string, number>();
  /** The text this store last wrote, to tell its own writes from another window's. */
  private lastWritten?: string;
  private watcher?: FSWatcher;
  private writing: Promise<void> = Promise.resolve();
  private readonly changed = new Emitter<JobsChange>();
  readonly onDidChange: Event<JobsChange> = this.changed.event;
  readonly file: string;

  constructor(
    dir: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.file = path.join(dir, 'jobs.json');
  }

  async load(): Promise<LoadOutcome> {
    let text: string | undefined;
    try {
      text = await readFileIfExists(this.file);
    } catch (err) {
      return this.startClean(`could not read ${this.file}: ${(err as Error).message}`);
    }
    if (text === undefined) return {};
    try {
      const doc = migrate(JSON.parse(text));
      this.jobs = new Map(doc.jobs.map((j) => [j.id, j]));
      this.removed = new Map(Object.entries(doc.removed ?? {}));
      this.log.info(`Loaded ${this.jobs.size} job(s) from the store`);
      return {};
    } catch (err) {
      return this.startClean((err as Error).message);
    }
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
    return this.all().find((j) => j.providerId === providerId && j.remoteId === remoteId);
  }

  /** Adds records and resolves once they are on disk (the write-ahead guarantee). */
  async add(...jobs: JobRecord[]): Promise<void> {
    for (const j of jobs) this.jobs.set(j.id, j);
    await this.persist({ ids: jobs.map((j) => j.id), removed: false });
  }

  /** Applies a patch; resolves once on disk. Returns the new record, or undefined if it is gone. */
  async update(id: string, patch: JobPatch): Promise<JobRecord | undefined> {
    const [next] = await this.updateMany([[id, patch]]);
    return next;
  }

  /** Applies several patches in one write (a poll that changes many jobs costs one fsync). */
  async updateMany(patches: ReadonlyArray<readonly [string, JobPatch]>): Promise<JobRecord[]> {
    const now = this.clock.now();
    const out: JobRecord[] = [];
    for (const [id, patch] of patches) {
      const cur = this.jobs.get(id);
      if (!cur) continue;
      const next: JobRecord = { ...cur, ...patch, updatedAt: now };
      this.jobs.set(id, next);
      out.push(next);
    }
    if (out.length) await this.persist({ ids: out.map((j) => j.id), removed: false });
    return out;
  }

  async remove(...ids: string[]): Promise<void> {
    const gone = ids.filter((id) => this.jobs.delete(id));
    for (const id of gone) this.removed.set(id, this.clock.now());
    if (gone.length) await this.persist({ ids: gone, removed: true });
  }

  /** Waits for pending writes (used on deactivate and in tests). */
  flush(): Promise<void> {
    return this.writing;
  }

  private persist(change: JobsChange): Promise<void> {
    this.changed.fire(change);
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await this.mergeFromDisk();
        const text = JSON.stringify(this.document(), null, 1);
        this.lastWritten = text;
        await writeFileAtomic(this.file, text);
      })
      .catch((err: Error) => {
        this.log.error(`Could not save the job store: ${err.message}`);
        throw err;
      });
    return this.writing;
  }

  private document(): StoreDocument {
    return { version: STORE_VERSION, jobs: this.all(), removed: Object.fromEntries(this.removed) };
  }

  /**
   * Folds another window's changes on disk into memory (and announces them). An unreadable or
   * corrupt file is left to the next write, which replaces it with what this window knows.
   */
  private async mergeFromDisk(): Promise<void> {
    let text: string | undefined;
    try {
      text = await readFileIfExists(this.file);
    } catch {
      return;
    }
    if (text === undefined || text === this.lastWritten) return;
    let disk: StoreDocument;
    try {
      disk = migrate(JSON.parse(text));
    } catch {
      return;
    }
    const merged = mergeDocuments(this.document(), disk, this.clock.now());
    const ids = new Set<string>();
    for (const [id, job] of merged.jobs) if (this.jobs.get(id) !== job) ids.add(id);
    const gone = [...this.jobs.keys()].filter((id) => !merged.jobs.has(id));
    this.jobs = merged.jobs;
    this.removed = merged.removed;
    if (ids.size) this.changed.fire({ ids: [...ids], removed: false });
    if (gone.length) this.changed.fire({ ids: gone, removed: true });
  }

  /** Follows writes by other windows' extension hosts. */
  watch(): void {
    if (this.watcher) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      this.watcher = watch(path.dirname(this.file), (_event, name) => {
        if (name !== path.basename(this.file)) return;
        clearTimeout(timer);
        // Coalesce the burst of events an atomic rename produces.
        timer = setTimeout(() => {
          this.writing = this.writing.catch(() => undefined).then(() => this.mergeFromDisk());
        }, 100);
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
