/**
 * The Provider interface: everything the jobs layer and the UI need from one hosted API.
 * A provider is a folder under src/providers/<id>/ plus one line in registry.ts. vscode-free.
 */
import type { Clock } from '../core/clock';
import type { HttpClient } from '../core/http';
import type { Logger } from '../core/log';
import type { SourceDiagnostic } from '../core/errors';
import type { RemoteJobSummary, ResultPayload, StatusUpdate } from './jobVocabulary';

export type * from './jobVocabulary';

export interface CredentialField {
  key: string;
  label: string;
  /** Secret fields are typed with a password box. All fields are stored in SecretStorage. */
  secret: boolean;
}

/** Reads the stored credentials (SecretStorage in VS Code, a map in tests). */
export interface CredentialSource {
  get(providerId: string): Promise<Record<string, string> | undefined>;
}

/** A file or selection to submit. */
export interface SourceText {
  /** File name (for extension sniffing and default job names). */
  fileName: string;
  text: string;
  /** Size in bytes of the whole file (may be larger than `text` when the file was not read). */
  byteLength: number;
  /** 0-based line offset of `text` within the file (for selections), so diagnostics point at the file. */
  lineOffset?: number;
  /** What reading the bytes had to tell (e.g. not UTF-8, read as Windows-1252). */
  warnings?: SourceDiagnostic[];
}

/** Interactive questions a provider may ask during submission; implemented by the UI with quick picks. */
export interface Prompter {
  pickOne<T>(
    title: string,
    items: ReadonlyArray<{ label: string; description?: string; detail?: string; value: T }>,
  ): Promise<T | undefined>;
  pickMany<T>(
    title: string,
    items: ReadonlyArray<{ label: string; description?: string; detail?: string; picked?: boolean; value: T }>,
  ): Promise<T[] | undefined>;
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** A free-text answer; `validate` returns an error message or undefined. Undefined = cancelled. */
  ask(title: string, prompt: string, value: string, validate: (v: string) => string | undefined): Promise<string | undefined>;
}

export interface SubmitContext {
  prompter: Prompter;
  /** Remembered per-provider choices (e.g. last fitness picks); persisted by the UI. */
  memory: { get<T>(key: string): T | undefined; set(key: string, value: unknown): Promise<void> };
  /** Defaults from settings, by key. */
  settings: { get<T>(key: string): T | undefined };
}

/** A validated request ready to send. `request` is the exact body the provider will POST. */
export interface SubmissionDraft {
  name: string;
  request: unknown;
}

export interface RecoveryContext {
  /** True when a record already follows this remote job (it cannot be the lost submission). */
  isTracked(remoteId: string): boolean;
}

/** What recovery knows of an interrupted submission: no more than it needs. */
export interface SubmitAttempt {
  name: string;
  /** Epoch ms the write-ahead record was made. */
  createdAt: number;
  /** The idempotency key sent (or about to be sent) with the POST. */
  submitKey: string;
}

export type RecoveryOutcome = 'replay' | { remoteId: string } | 'unknown';

/** Submission: parse and validate locally, complete interactively, send, and find a lost send again. */
export interface SubmissionCapability {
  /** File extensions (with dot) offered in the submit menu. */
  readonly fileExtensions: readonly string[];
  /**
   * Local parse + validation: nothing of the file is sent (a public catalogue may be read). Throws
   * ValidationError with positions on errors; warnings come back in `diagnostics` and are asked
   * about before anything is sent. May work in slices (a 100,000-record file must not block).
   */
  parse(source: SourceText, ctx?: CheckContext): ParsedSubmission | Promise<ParsedSubmission>;
  /** Interactive completion (may call the network for option lists). Undefined = user cancelled. */
  prepare(parsed: ParsedSubmission, ctx: SubmitContext): Promise<SubmissionDraft[] | undefined>;
  submit(draft: SubmissionDraft, submitKey: string): Promise<{ remoteId: string }>;
  /** After a crash or an ambiguous failure: find the remote job of an attempt, if the API allows. */
  recoverSubmission(attempt: SubmitAttempt, ctx: RecoveryContext): Promise<RecoveryOutcome>;
}

export interface ListOptions {
  signal?: AbortSignal;
  /** Called after each page with the number of remote jobs seen so far. */
  onProgress?(seen: number): void;
}

/** What a cancellation request answered. */
export interface CancelOutcome {
  /** A sentence for the user, e.g. "Credits were refunded." */
  message?: string;
}

export interface PollPolicy {
  /** First interval after a change, and the floor. */
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Max ids per status call (1 = no batching). */
  batchSize: number;
  /** Requests allowed per window, per credential; undefined = no limiter. */
  rateLimit?: { requests: number; windowMs: number };
  /**
   * 'reset' (default): a change brings a job's interval back to the floor, since more change is
   * likely soon. 'grow': an API that documents a fixed schedule (floor → doubling → cap, per-job
   * jitter): the interval only grows, and a submission's answer counts as the first check.
   */
  backoff?: 'reset' | 'grow';
}

/**
 * A provider is what its API has: status and results always; submission, an events stream, cancel
 * and a remote list only where the API offers them. The UI and the poller ask for a capability,
 * never for a provider id.
 */
export interface Provider {
  readonly id: string;
  readonly label: string;
  readonly credentialFields: readonly CredentialField[];
  readonly pollPolicy: PollPolicy;

  /** Log in with the stored credentials and return a one-line description of the service (build/env). */
  checkCredentials(): Promise<string>;
  /** Status of several jobs; batched where the API allows. Missing ids are absent from the map. */
  status(remoteIds: readonly string[]): Promise<Map<string, StatusUpdate>>;
  /** The result of a succeeded job as files; streamed contents are read while they are written. */
  fetchResult(remoteId: string, signal?: AbortSignal): Promise<ResultPayload>;
  /** Checks a job id typed by the user (track by id); returns an error message or undefined. */
  validateRemoteId?(remoteId: string): string | undefined;
  /** Forgets any session token (credentials changed or are being checked). */
  signOut(): void;

  /** Absent for track-only providers. */
  readonly submission?: SubmissionCapability;
  /**
   * Pushed status updates for one job, until it is terminal or the stream ends. While it flows the
   * poller does not poll the job; when it ends or fails the poller polls and reconnects with backoff.
   */
  events?(remoteId: string, signal: AbortSignal): AsyncIterable<StatusUpdate>;
  /** Only where the API has a cancel endpoint. */
  cancel?(remoteId: string): Promise<CancelOutcome | void>;
  /** Only where the API lists jobs (import). Pages to the end. */
  listRemote?(options?: ListOptions): AsyncIterable<RemoteJobSummary>;
}

/** The parsed, locally validated input (provider-specific payload). */
export interface ParsedSubmission {
  kind: string;
  /** Human summary for the confirmation / quick pick title, e.g. "gene.fna: 1 sequence, 912 nt". */
  summary: string;
  payload: unknown;
  /** Warnings (and told normalisations): the user is asked before anything is sent. */
  diagnostics?: SourceDiagnostic[];
  /** How many jobs the file becomes (default 1); more than one is confirmed with the count. */
  jobCount?: number;
  /** The first few job names, for that confirmation. */
  names?: string[];
}

/** What a submission check may read besides the file. */
export interface CheckContext {
  settings: { get<T>(key: string): T | undefined };
}

export interface ProviderDeps {
  http: HttpClient;
  clock: Clock;
  log: Logger;
  credentials: CredentialSource;
  /** The provider's base URL setting, by provider id; read each time so a change applies without a reload. */
  baseUrl: (providerId: string) => string;
}

export type ProviderFactory = (deps: ProviderDeps) => Provider;
