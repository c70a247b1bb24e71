// Tiny command-line parsing on top of node's util.parseArgs, plus JSON options.
import { readFileSync } from 'node:fs';
import { parseArgs as nodeParseArgs } from 'node:util';

/** `--name value` / `--name=value` for `string` options, `--flag` for `boolean` ones; unknown options are errors. */
export function parseArgs(argv, { string = [], boolean = [] } = {}) {
  const options = {};
  for (const s of string) options[s] = { type: 'string' };
  for (const b of boolean) options[b] = { type: 'boolean', default: false };
  try {
    return nodeParseArgs({ args: argv, options, allowPositionals: false }).values;
  } catch (err) {
    console.error(`${err.message}\noptions: ${[...string.map((s) => `--${s} VALUE`), ...boolean.map((b) => `--${b}`)].join(' ')}`);
    process.exit(2);
  }
}

/** A JSON object given inline or as @path/to/file.json; undefined/empty → {}. */
export function readJsonOption(value, name) {
  if (!value) return {};
  const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${name} is not valid JSON: ${err.message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${name} must be a JSON object`);
  return parsed;
}
