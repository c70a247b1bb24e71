/**
 * JSON request bodies read the way they will be sent: a value built from the jsonc-parser tree
 * (the LAST of duplicate keys wins, as in JSON.parse and Python's json, and `__proto__` stays an
 * ordinary key), lookups that agree with it, and warnings for duplicate and unknown keys with
 * their positions. Callers run core/serverText `refuseDeepJson` first: these walk the tree
 * recursively. vscode-free, pure.
 */
import type { Node } from 'jsonc-parser';
import type { SourceDiagnostic } from './errors';
import { displayLine } from './safeText';
import { formatPosition, rangeFields, type SourcePosition } from './textPosition';

export interface JsonSource {
  text: string;
  root: Node;
  positionAt: (offset: number) => SourcePosition;
}

/** The value the tree describes, duplicate keys resolved the way JSON.parse resolves them. */
export function jsonValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        // defineProperty: `"__proto__": {…}` is data, not a prototype.
        Object.defineProperty(out, String(key.value), { value: jsonValue(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

/** The node at `path`, taking the last of duplicate keys (the one `jsonValue` keeps). */
export function nodeAt(root: Node | undefined, path: readonly (string | number)[]): Node | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') {
      node = node.type === 'array' ? node.children?.[segment] : undefined;
      continue;
    }
    if (node.type !== 'object') return undefined;
    let found: Node | undefined;
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.value === segment && value) found = value;
    }
    node = found;
  }
  return node;
}

/** The key node of the property whose value is `valueNode`. */
export function keyNodeOf(valueNode: Node): Node | undefined {
  const property = valueNode.parent;
  return property?.type === 'property' ? property.children?.[0] : undefined;
}

export function nodeRangeFields(source: JsonSource, node: Node): Pick<SourceDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'> {
  return rangeFields({ start: source.positionAt(node.offset), end: source.positionAt(node.offset + node.length) });
}

/** A warning per repeated key, at the repeat: only the last value is sent. */
export function duplicateKeyWarnings(source: JsonSource, node: Node = source.root, path = ''): SourceDiagnostic[] {
  const out: SourceDiagnostic[] = [];
  if (node.type === 'object') {
    const seen = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const key = property.children?.[0];
      if (!key) continue;
      const name = String(key.value);
      const first = seen.get(name);
      if (first) {
        const at = source.positionAt(key.offset);
        out.push({
          ...nodeRangeFields(source, key),
          severity: 'warning',
          message:
            `Duplicate key ${jsonKey(path, name)} at ${formatPosition(at)} (first at ${formatPosition(source.positionAt(first.offset))}); ` +
            'only this last value is sent',
        });
      }
      seen.set(name, key);
      const value = property.children?.[1];
      if (value) out.push(...duplicateKeyWarnings(source, value, jsonPathText(path, name)));
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => out.push(...duplicateKeyWarnings(source, child, `${path}[${i}]`)));
  }
  return out;
}

/** A warning per key of `object` that is not in `known` (with a did-you-mean): sent, but undocumented. */
export function unknownKeyWarnings(source: JsonSource, object: Node | undefined, known: readonly string[], path: string, where: string): SourceDiagnostic[] {
  if (object?.type !== 'object') return [];
  const out: SourceDiagnostic[] = [];
  for (const property of object.children ?? []) {
    const key = property.children?.[0];
    if (!key || known.includes(String(key.value))) continue;
    const name = String(key.value);
    const guess = closest(name, known);
    out.push({
      ...nodeRangeFields(source, key),
      severity: 'warning',
      message:
        `Unknown field ${jsonKey(path, name)} at ${formatPosition(source.positionAt(key.offset))}: ${where} does not document it` +
        `${guess ? ` (did you mean "${guess}"?)` : ''}; it is sent as written`,
    });
  }
  return out;
}

/** `"fitness_list[0].min"` for messages, the key shown with invisibles visible. */
export function jsonKey(path: string, key: string): string {
  return `"${jsonPathText(path, displayLine(key, 60))}"`;
}

export function jsonPathText(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The known word within edit distance 2 (case-insensitive), if exactly one is closest. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const temp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = temp;
    }
  }
  return row[b.length];
}
