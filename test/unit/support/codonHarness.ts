/** The codon provider against its emulator (seedJobs 0 unless asked), on a virtual clock. */
import { createCodonProvider } from '../../../src/providers/codon/provider';
import type { Prompter } from '../../../src/providers/types';
import { startCodonEmulator, type CodonEmulator, type CodonEmulatorOptions } from '../../emulators/codon/server';
import { providerHarness, type ProviderHarness } from './providerHarness';

export type CodonHarness = ProviderHarness<CodonEmulator>;

export function codonHarness(opts: CodonEmulatorOptions & { timeoutMs?: number } = {}): Promise<CodonHarness> {
  return providerHarness((now) => startCodonEmulator({ seedJobs: 0, ...opts, now }), createCodonProvider, { timeoutMs: opts.timeoutMs });
}

/** Answers the provider's questions the way a user would, and records them. */
export function scriptedPrompter(answers: { pick?: string[]; ask?: string[]; confirm?: boolean; pickOne?: string }): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const queue = [...(answers.ask ?? [])];
  return {
    asked,
    async pickOne(title, items) {
      asked.push(title);
      return items.find((i) => i.label === answers.pickOne || i.description === answers.pickOne)?.value ?? items[0]?.value;
    },
    async pickMany(title, items) {
      asked.push(title);
      if (!answers.pick) return items.filter((i) => i.picked).map((i) => i.value);
      return items.filter((i) => answers.pick?.includes(i.description ?? i.label)).map((i) => i.value);
    },
    async confirm(message) {
      asked.push(message);
      return answers.confirm ?? true;
    },
    async ask(title, _prompt, _value, validate) {
      asked.push(title);
      const v = queue.shift();
      if (v === undefined) return undefined;
      const err = validate(v);
      if (err) throw new Error(`scripted answer "${v}" rejected: ${err}`);
      return v;
    },
  };
}
