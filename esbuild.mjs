// Builds the extension bundle (node, cjs) and the webview bundles (browser, iife).
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Every folder in src/webview/ with a main.ts is one webview bundle: dist/webview/<name>.js */
const webviewEntries = existsSync('src/webview')
  ? readdirSync('src/webview', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(`src/webview/${d.name}/main.ts`))
      .map((d) => ({ in: `src/webview/${d.name}/main.ts`, out: d.name }))
  : [];

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
};

const contexts = [
  // dist/extension.js (package.json `main`) is the small loader that runs dist/main.js (the
  // extension) with a V8 code cache: src/loader.ts says why.
  await esbuild.context({
    ...common,
    entryPoints: { extension: 'src/loader.ts', main: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    metafile: true,
  }),
];
if (webviewEntries.length) {
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: webviewEntries,
      outdir: 'dist/webview',
      platform: 'browser',
      target: 'chrome120',
      format: 'iife',
      loader: { '.css': 'css' },
    }),
  );
}

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
