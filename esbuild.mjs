// Builds the extension bundle (node, cjs) and the webview bundles (browser, iife).
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Web Workers, bundled into the page that starts them (see workerSource), not into dist/ of their own. */
const WORKERS = new Set(['msaWorker']);

/** Every other folder in src/webview/ with a main.ts is one webview bundle: dist/webview/<name>.js */
const webviewEntries = existsSync('src/webview')
  ? readdirSync('src/webview', { withFileTypes: true })
      .filter((d) => d.isDirectory() && !WORKERS.has(d.name) && existsSync(`src/webview/${d.name}/main.ts`))
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

/**
 * `import source from 'worker-source:msaWorker'`: src/webview/msaWorker bundled, as a string. The
 * page starts it from a blob: URL at once, instead of first fetching a worker script through the
 * webview's resource loader (a round trip to the extension host's side, on the way to the first
 * rows; a worker must be same-origin, so `new Worker(resourceUri)` is refused anyway).
 */
const workerSource = {
  name: 'worker-source',
  setup(build) {
    build.onResolve({ filter: /^worker-source:/ }, (args) => ({ path: args.path.slice('worker-source:'.length), namespace: 'worker-source' }));
    build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
      const r = await esbuild.build({
        ...common,
        logLevel: 'warning',
        sourcemap: production ? false : 'inline',
        entryPoints: [`src/webview/${args.path}/main.ts`],
        write: false,
        metafile: true,
        platform: 'browser',
        target: 'chrome120',
        format: 'iife',
      });
      return {
        contents: `export default ${JSON.stringify(r.outputFiles[0].text)};`,
        loader: 'js',
        watchFiles: Object.keys(r.metafile.inputs).map((f) => path.resolve(f)),
      };
    });
  },
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
      plugins: [workerSource],
    }),
  );
}

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
