/**
 * Makes a name proposed by a webview (i.e. by result data) safe to suggest as a file name:
 * one path segment, no `..`, no separators or characters Windows rejects. vscode-free.
 */

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

export function safeFileName(proposed: string, fallback: string, extension = '.fasta'): string {
  let name = proposed
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[\\/:*?"<>|]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 120)
    .replace(/[\s.]+$/, '');
  if (!name) name = fallback;
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (!name.toLowerCase().endsWith(extension) && !/\.(fa|fna|faa|fasta)$/i.test(name)) name += extension;
  return name;
}
