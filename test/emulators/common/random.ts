/**
 * Deterministic randomness for every emulator: seeded jobs, codon optimisation results and MSAs
 * must come out the same on every run (stable screenshots, stable assertions), so every random
 * choice draws from a PRNG seeded by a string. Changing anything here changes every seeded output.
 */
import { createHash } from 'node:crypto';

export type Random = () => number;

/** mulberry32 seeded from SHA-256 of the seed string: small, fast, good enough for test data. */
export function seededRandom(seed: string): Random {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** One character of `chars` (no array allocation: this runs per residue of 10,000-row MSAs). */
export function charOf(random: Random, chars: string): string {
  return chars[Math.floor(random() * chars.length)];
}

/** A version-4-shaped UUID from a hash, so seeded job ids are stable across runs. */
export function deterministicUuid(seed: string): string {
  const b = createHash('sha256').update(seed).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
