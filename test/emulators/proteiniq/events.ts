/**
 * GET /api/v1/jobs/{jobId}/events (https://proteiniq.io/docs/api/events): server-sent events with
 * Content-Type text/event-stream, Cache-Control "private, no-cache, no-transform", Connection
 * keep-alive; "events contain job status updates generated from the same job state used by the
 * status endpoint … stop listening after a terminal status". The page names no event types, so
 * the emulator's are:
 *   event: status    on connect (the current state) and on every status change; data = the job resource
 *   event: progress  when only `progress` changed (PROCESSING); data = the job resource
 * each with `id: <n>` counting from 1 per connection (Last-Event-ID is ignored: a reconnect starts
 * with the current state), and a `: keep-alive` comment every `heartbeatMs` of quiet. After the
 * event with a terminal status the server closes the stream. The job is re-read every `tickMs`
 * of real time on the emulator clock, so virtual time (advance) shows up within a tick.
 *
 * Switchable for tests (POST /__control/events), for the next `times` connections (then normal):
 *   drop         the stream stops after `afterEvents` events without a terminal event (unless the job
 *                ended first): "end" closes it cleanly (the client sees EOF), "reset" sends a TCP RST
 *                (the client sees an error)
 *   unavailable  the route answers `status` (default 503) with the error envelope instead of a stream
 */
import { ControlError, isRecord, type ControlHandler, type EmulatorClock, type Reply } from '../common';
import { apiError } from './errors';
import { jobResource, type Job, type JobResource } from './jobs';
import { isTerminal } from './lifecycle';

export const EVENTS_MODES = ['normal', 'drop', 'unavailable'] as const;
export type EventsMode = (typeof EVENTS_MODES)[number];

export interface EventsSettings {
  mode: EventsMode;
  /** drop: events sent before the stream stops (0: right after the headers). */
  afterEvents: number;
  how: 'end' | 'reset';
  /** unavailable: the status answered. */
  status: number;
  /** Connections the mode applies to before it returns to normal. */
  times: number | 'always';
  tickMs: number;
  heartbeatMs: number;
}

export const DEFAULT_EVENTS_SETTINGS: EventsSettings = { mode: 'normal', afterEvents: 2, how: 'end', status: 503, times: 'always', tickMs: 50, heartbeatMs: 15_000 };

export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'private, no-cache, no-transform', connection: 'keep-alive' };

export class EventStreams {
  private settings: EventsSettings;

  constructor(
    private readonly initial: EventsSettings,
    private readonly clock: EmulatorClock,
  ) {
    this.settings = checked(initial);
  }

  get(): EventsSettings {
    return { ...this.settings };
  }

  set(patch: Partial<EventsSettings>): EventsSettings {
    this.settings = checked({ ...this.settings, ...patch });
    return this.get();
  }

  /** The reply for one connection to a job's events (uses up one of `times`). */
  open(job: Job): Reply {
    const s = this.settings;
    const mode = s.mode;
    if (mode !== 'normal' && s.times !== 'always') {
      const left = s.times - 1;
      this.settings = left > 0 ? { ...s, times: left } : { ...s, mode: 'normal', times: 'always' };
    }
    if (mode === 'unavailable') return apiError('internal_error', 'The event stream is unavailable; poll GET /api/v1/jobs/{jobId}/status instead', { status: s.status });
    const drop = mode === 'drop' ? { after: s.afterEvents, how: s.how } : undefined;
    const { tickMs, heartbeatMs } = s;
    return {
      status: 200,
      headers: { ...SSE_HEADERS },
      stream: async (out) => {
        let sent = 0;
        let last: JobResource | undefined;
        let quietMs = 0;
        const emit = (event: string, data: JobResource) => {
          sent++;
          out.write(`id: ${sent}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
          quietMs = 0;
        };
        for (;;) {
          if (drop && sent >= drop.after) {
            if (drop.how === 'reset') out.reset();
            return;
          }
          const view = jobResource(job, this.clock.now());
          if (!last || view.status !== last.status) emit('status', view);
          else if (view.progress !== last.progress) emit('progress', view);
          else if (quietMs >= heartbeatMs) {
            out.write(': keep-alive\n\n');
            quietMs = 0;
          }
          last = view;
          if (isTerminal(view.status)) return;
          if (!(await out.sleep(tickMs))) return;
          quietMs += tickMs;
        }
      },
    };
  }

  reset(): void {
    this.settings = checked(this.initial);
  }

  readonly control: Record<string, ControlHandler> = {
    'GET events': () => this.get(),
    /**
     * body: { "mode"?: "normal" | "drop" | "unavailable", "afterEvents"?, "how"?: "end" | "reset",
     * "status"?, "times"?: n | "always", "tickMs"?, "heartbeatMs"? } → the settings now
     */
    'POST events': (body) => {
      if (!isRecord(body)) throw new ControlError('body: expected { mode?, afterEvents?, how?, status?, times?, tickMs?, heartbeatMs? }');
      const patch: Partial<EventsSettings> = {};
      for (const [k, v] of Object.entries(body)) {
        if (!Object.hasOwn(DEFAULT_EVENTS_SETTINGS, k)) throw new ControlError(`${k}: not an events setting`);
        (patch as Record<string, unknown>)[k] = v;
      }
      // A new mode without `times` applies until changed.
      if (patch.mode !== undefined && patch.times === undefined) patch.times = 'always';
      return this.set(patch);
    },
  };
}

function checked(s: EventsSettings): EventsSettings {
  if (!EVENTS_MODES.includes(s.mode)) throw new ControlError(`mode: expected one of ${EVENTS_MODES.join(', ')}`);
  if (!Number.isInteger(s.afterEvents) || s.afterEvents < 0) throw new ControlError('afterEvents: expected an integer >= 0');
  if (s.how !== 'end' && s.how !== 'reset') throw new ControlError('how: expected "end" or "reset"');
  if (!Number.isInteger(s.status) || s.status < 400 || s.status > 599) throw new ControlError('status: expected an HTTP error status 400-599');
  if (s.times !== 'always' && (!Number.isInteger(s.times) || s.times < 1)) throw new ControlError('times: expected an integer >= 1 or "always"');
  if (typeof s.tickMs !== 'number' || !(s.tickMs >= 5)) throw new ControlError('tickMs: expected a number >= 5');
  if (typeof s.heartbeatMs !== 'number' || !(s.heartbeatMs >= s.tickMs)) throw new ControlError('heartbeatMs: expected a number >= tickMs');
  return { ...s };
}
