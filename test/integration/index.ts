/**
 * Entry point VS Code calls inside the extension host when the window is opened with
 * `extensionTestsPath` pointing here (compiled: out/test/integration/index.js). It runs every
 * out/test/integration/**\/*.test.js with mocha (bdd: describe/it) and resolves or rejects;
 * VS Code turns that into the exit code it reports through `codeAutomationExit`.
 *
 * The last line it prints is machine-readable for scripts/run-integration.mjs:
 *   BIOJOBS_TEST_RESULT {"passed":1,"failed":0,"pending":0}
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const RESULT_PREFIX = 'BIOJOBS_TEST_RESULT ';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // There is no terminal here: colour codes would reach the log as garbage.
    color: false,
    timeout: Number(process.env.BIOJOBS_TEST_TIMEOUT_MS ?? 30_000),
    grep: process.env.BIOJOBS_TEST_GREP || undefined,
  });
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        console.log(RESULT_PREFIX + JSON.stringify({ passed: passes, failed, pending }));
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      // A test file that throws while loading: report it as one failure, not as silence.
      console.error(err);
      console.log(RESULT_PREFIX + JSON.stringify({ passed: 0, failed: 1, pending: 0 }));
      reject(err);
    }
  });
}

/** *.test.js below `dir`, sorted so the order is the same on every machine. */
function testFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}
