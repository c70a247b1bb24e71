/**
 * Hostile text in every string field of an answer: markup, a Markdown command link, bidi
 * overrides and terminal control characters, so a client that renders any of them as anything
 * but text is caught. Every string gets one payload appended (rotating, so all kinds occur), and
 * an extra field with a hostile name is added to every object. `job.status` is left alone so the
 * job can still finish; POST /__control/status sets a hostile status on purpose.
 */
import { isRecord } from '../common';

export const HOSTILE_STRINGS: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '[x](command:workbench.action.terminal.new)',
  '\u202Egnp.exe\u202C',
  '\u001b[31mred\u001b[0m\u0007',
  '<script>alert(2)</script>',
  '"><svg onload=alert(3)>',
];

export const HOSTILE_KEY = '<img src=x onerror=alert(4)>';

export function hostile(body: Record<string, unknown>): Record<string, unknown> {
  let n = 0;
  const next = () => HOSTILE_STRINGS[n++ % HOSTILE_STRINGS.length];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') return path === 'job.status' ? v : `${v} ${next()}`;
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}.${i}`));
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, path === '' ? k : `${path}.${k}`);
      out[HOSTILE_KEY] = next();
      return out;
    }
    return v;
  };
  return walk(body, '') as Record<string, unknown>;
}
