// Runs one test-pipeline stage as a child process: its output is shown live and also kept, so the
// pass/fail counts can be read from it afterwards.
import { spawn } from 'node:child_process';
import process from 'node:process';
import { stopGroup, trackGroup } from './proc.mjs';

/** Strips colour codes so the reporters' summaries parse the same on a terminal and in CI. */
export const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex

/**
 * @returns {Promise<{ code: number, output: string, ms: number, timedOut: boolean }>}
 */
export function runStage(cmd, args, { cwd, env, timeoutMs }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = trackGroup(child.pid);
    let output = '';
    let timedOut = false;
    const relay = (target) => (chunk) => {
      output += chunk;
      target.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    const timer = setTimeout(() => {
      timedOut = true;
      process.stderr.write(`\n… timed out after ${Math.round(timeoutMs / 1000)} s: stopping\n`);
      void stopGroup(child.pid);
    }, timeoutMs);
    const finish = (code) => {
      clearTimeout(timer);
      untrack();
      resolve({ code, output: stripAnsi(output), ms: Date.now() - started, timedOut });
    };
    child.on('error', (err) => {
      output += `\n${err.message}\n`;
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Test counts from a run's output: a `BIOJOBS_TEST_RESULT {...}` line when present (the
 * integration runner prints one), else mocha's spec summary ("3 passing", "1 failing", "2 pending").
 * Returns undefined when the output has neither (the runner crashed before reporting).
 */
export function parseCounts(output) {
  const json = [...output.matchAll(/^BIOJOBS_TEST_RESULT (\{.*\})\s*$/gm)].pop();
  if (json) {
    const r = JSON.parse(json[1]);
    return { passed: r.passed ?? 0, failed: r.failed ?? 0, pending: r.pending ?? 0 };
  }
  const count = (word) => {
    // The epilogue comes last; a test that happens to print "3 passing" earlier is ignored.
    const m = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].pop();
    return m ? Number(m[1]) : undefined;
  };
  const passed = count('passing');
  const failed = count('failing');
  const pending = count('pending');
  if (passed === undefined && failed === undefined && pending === undefined) return undefined;
  return { passed: passed ?? 0, failed: failed ?? 0, pending: pending ?? 0 };
}
