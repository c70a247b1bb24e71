import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A layer may not import the folders above it (nor vscode, where it must stay testable in node). */
function layer(files, above, vscodeFree) {
  const patterns = above.map((dir) => ({
    group: [`**/${dir}/**`, `**/${dir}`, `../${dir}/*`, `../../${dir}/*`],
    message: `${files.split('/')[1]} must not import src/${dir}: imports point down (core <- providers <- jobs <- ui <- extension.ts; webviews use core and shared only).`,
  }));
  const paths = vscodeFree ? [{ name: 'vscode', message: 'Only src/ui and src/extension.ts may import vscode.' }] : [];
  return { files: [files], rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'media/vendor/**', 'test-results/**', '.demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  // The layers: imports point down only, core <- providers <- jobs <- ui <- extension.ts, and
  // webviews import only core and shared. core, providers and jobs stay vscode-free (tested in node).
  layer('src/core/**/*.ts', ['providers', 'jobs', 'ui', 'webview', 'shared', 'extension'], true),
  layer('src/providers/**/*.ts', ['jobs', 'ui', 'webview', 'extension'], true),
  layer('src/jobs/**/*.ts', ['ui', 'webview', 'extension'], true),
  layer('src/ui/**/*.ts', ['webview', 'extension'], false),
  layer('src/webview/**/*.ts', ['providers', 'jobs', 'ui', 'extension'], true),
  layer('src/shared/**/*.ts', ['core', 'providers', 'jobs', 'ui', 'webview', 'extension'], true),
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
