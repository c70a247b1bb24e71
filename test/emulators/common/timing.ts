/**
 * How long a NEW job spends in each phase of its emulator's lifecycle, changeable while the
 * emulator runs; jobs already submitted keep the timing they got. The phases are each emulator's
 * own (codon: pending, processing; OpenProtein: pending, running, retrying); the presets, the
 * checks and the control endpoints are the same for both.
 */
import { ControlError, type ControlHandler } from './emulator';
import { isRecord } from './http';

/** Milliseconds per phase, e.g. `{ pendingMs, processingMs }`. */
export type PhaseDurations<Phase extends string> = Record<Phase, number>;

/** fast: tests that wait in real time; default; demo: slow enough for a person to watch. */
export type TimingPresets<Phase extends string> = Readonly<Record<'fast' | 'default' | 'demo', PhaseDurations<Phase>>>;

/** What every running emulator offers in-process tests about the timing of new jobs. */
export interface TimingHandles<Timing> {
  /** The timing new jobs get. */
  timing(): Timing;
  setTiming(timing: Partial<Timing>): Timing;
}

export class JobTimingSetting<Phase extends string> {
  private readonly initial: PhaseDurations<Phase>;
  private current: PhaseDurations<Phase>;

  /**
   * `phases` in the order they are reported; `overrides` on top of the default preset. Throws
   * (ControlError) for a duration that is not a finite number >= 0.
   */
  constructor(
    private readonly phases: readonly Phase[],
    private readonly presets: TimingPresets<Phase>,
    overrides: Partial<PhaseDurations<Phase>> | undefined,
  ) {
    this.initial = this.checked({ ...presets.default, ...overrides });
    this.current = this.initial;
  }

  /** A copy, so neither a caller nor a job that stores it can change the setting through it. */
  get(): PhaseDurations<Phase> {
    return { ...this.current };
  }

  /** Changes the given phases for new jobs; returns the timing now in force. */
  set(timing: Partial<PhaseDurations<Phase>>): PhaseDurations<Phase> {
    this.current = this.checked({ ...this.current, ...timing });
    return this.get();
  }

  /** Back to the timing the emulator started with (POST /__control/reset with state). */
  reset(): void {
    this.current = this.initial;
  }

  /** For the emulator object a server returns. */
  handles(): TimingHandles<PhaseDurations<Phase>> {
    return { timing: () => this.get(), setTiming: (timing) => this.set(timing) };
  }

  /** Control endpoints, for tests in another process. */
  readonly control: Record<string, ControlHandler> = {
    /** → the timing new jobs get */
    'GET timing': () => this.get(),
    /** body: { "<phase>Ms"?: n, … } or { "preset": "fast" | "default" | "demo" } → the timing new jobs get */
    'POST timing': (body) => {
      if (!isRecord(body)) throw new ControlError(`body: expected { ${this.phases.map((p) => `${p}?`).join(', ')} } or { preset }`);
      if (body.preset !== undefined) {
        if (typeof body.preset !== 'string' || !Object.hasOwn(this.presets, body.preset)) throw new ControlError(`preset: expected one of ${Object.keys(this.presets).join(', ')}`);
        return this.set(this.presets[body.preset as keyof TimingPresets<Phase>]);
      }
      const timing: Partial<PhaseDurations<Phase>> = {};
      for (const phase of this.phases) {
        const v = body[phase];
        if (v === undefined) continue;
        if (typeof v !== 'number') throw new ControlError(`${phase}: expected a number`);
        timing[phase] = v;
      }
      return this.set(timing);
    },
  };

  /** Only the known phases, each a finite number >= 0. */
  private checked(timing: PhaseDurations<Phase>): PhaseDurations<Phase> {
    for (const [k, v] of Object.entries<number>(timing)) {
      if (!Number.isFinite(v) || v < 0) throw new ControlError(`${k}: expected a finite number >= 0, got ${String(v)}`);
    }
    const known: Partial<PhaseDurations<Phase>> = {};
    for (const phase of this.phases) known[phase] = timing[phase];
    return known as PhaseDurations<Phase>;
  }
}
