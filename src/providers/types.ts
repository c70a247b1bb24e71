/**
 * The Provider interface: everything the jobs layer and the UI need from one hosted API.
 * A provider is a folder under src/providers/<id>/ plus one line in registry.ts. vscode-free.
 */
import type { Clock } from '../core/clock';
import type { HttpClient } from '../core/http';
import type { Logger } from '../core/log';
import type { SourceDiagnostic } from '../core/errors';
import type { JobRecord, RemoteJobSummary, StatusUpdate } from '../jobs/model';

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

export interface ResultFile {
  fileName: string;
  content: string;
  /** Which renderer the panel uses. */
  view: string;
}

export interface RecoveryContext {
  /** True when a record already follows this remote job (it cannot be the lost submission). */
  isTracked(remoteId: string): boolean;
}

export interface PollPolicy {
  /** First interval after a change, and the floor. */
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Max ids per status call (1 = no batching). */
  batchSize: number;
  /** Requests allowed per window, per credential; undefined = no limiter. */
  rateLimit?: { requests: number; windowMs: number };
}

export interface Provider {
  readonly id: string;
  readonly label: string;
  readonly credentialFields: readonly CredentialField[];
  /** File extensions (with dot) offered in the submit menu. */
  readonly fileExtensions: readonly string[];
  readonly pollPolicy: PollPolicy;

  /** Log in with the stored credentials and return a one-line description of the service (build/env). */
  checkCredentials(): Promise<string>;
  /** Local parse + validation, no network. Throws ValidationError with positions. */
  parse(source: SourceText): ParsedSubmission;
  /** Interactive completion (may call the network for option lists). Undefined = user cancelled. */
  prepare(parsed: ParsedSubmission, ctx: SubmitContext): Promise<SubmissionDraft[] | undefined>;
  submit(draft: SubmissionDraft, submitKey: string): Promise<{ remoteId: string }>;
  /** Status of several jobs; batched where the API allows. Missing ids are absent from the map. */
  status(remoteIds: readonly string[]): Promise<Map<string, StatusUpdate>>;
  fetchResult(remoteId: string): Promise<ResultFile>;
  listRemote(): AsyncIterable<RemoteJobSummary>;
  /** After a crash during submit: find the remote job for a `submitting` record, if the API allows. */
  recoverSubmission(job: JobRecord, ctx: RecoveryContext): Promise<'replay' | { remoteId: string } | 'unknown'>;
  cancel?(remoteId: string): Promise<void>;
  /** Checks a job id typed by the user (track by id); returns an error message or undefined. */
  validateRemoteId?(remoteId: string): string | undefined;
  /** Forgets any session token (credentials changed or are being checked). */
  signOut(): void;
}

/** The parsed, locally validated input (provider-specific payload). */
export interface ParsedSubmission {
  kind: string;
  /** Human summary for the confirmation / quick pick title, e.g. "gene.fna: 1 sequence, 912 nt". */
  summary: string;
  payload: unknown;
  diagnostics?: SourceDiagnostic[];
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
