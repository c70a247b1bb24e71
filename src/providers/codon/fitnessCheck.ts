/**
 * A JSON body's `fitness_list` checked against the catalogue from `GET /fitness` (seeds/002 §6):
 * names, required parameters and their types, unknown parameters, weights. Pure: the provider
 * fetches the catalogue (public, no login) and passes it in. A parameter the catalogue does not
 * list for a metric is an error (the catalogue is the API's word; the server refuses it), unlike an
 * unknown top-level field, which is a warning. Rules that need no catalogue (a
 * negative weight, min above max, gc_content in percent, a metric listed twice) always apply.
 */
import type { Node } from 'jsonc-parser';
import type { SourceDiagnostic } from '../../core/errors';
import { closest, keyNodeOf, nodeAt, nodeRangeFields, type JsonSource } from '../../core/jsonChecks';
import { displayLine } from '../../core/safeText';
import { formatPosition } from '../../core/textPosition';

/** `GET /fitness`'s `fitness_functions` (schemas.ts FitnessFunction fits). */
export type FitnessCatalogue = readonly {
  id: string;
  name: string;
  parameters: readonly { name: string; required?: boolean; type: string }[];
}[];

/** gc_content's bounds are percentages: the document's example asks for 35.0–60.0. */
const PERCENT_PARAMETERS: Readonly<Record<string, readonly string[]>> = { gc_content: ['min', 'max'] };

export function fitnessListDiagnostics(source: JsonSource, catalogue: FitnessCatalogue | undefined): SourceDiagnostic[] {
  const list = nodeAt(source.root, ['fitness_list']);
  if (list?.type !== 'array') return [];
  const out: SourceDiagnostic[] = [];
  const firstByName = new Map<string, number>();
  (list.children ?? []).forEach((entry, index) => {
    if (entry.type !== 'object') return; // the schema check reports it
    const nameNode = nodeAt(entry, ['name']);
    const name = nameNode?.type === 'string' ? String(nameNode.value) : undefined;
    const label = `fitness_list[${index}]${name !== undefined ? ` ("${displayLine(name, 40)}")` : ''}`;
    const at = (node: Node) => formatPosition(source.positionAt(node.offset));
    const problem = (node: Node, severity: SourceDiagnostic['severity'], message: string) =>
      out.push({ ...nodeRangeFields(source, node), severity, message });

    if (name !== undefined && nameNode) {
      const first = firstByName.get(name);
      if (first !== undefined) problem(nameNode, 'error', `${label} at ${at(nameNode)} repeats fitness_list[${first}]; list each metric once`);
      else firstByName.set(name, index);
    }
    out.push(...weightDiagnostics(source, entry, label));
    out.push(...rangeDiagnostics(source, entry, label, name));

    if (!catalogue || name === undefined || !nameNode) return;
    const definition = catalogue.find((f) => f.id === name);
    if (!definition) {
      const guess = closest(name, catalogue.map((f) => f.id));
      problem(
        nameNode,
        'error',
        `${label} at ${at(nameNode)} is not a fitness metric the API offers (GET /fitness lists ${catalogue.map((f) => f.id).join(', ')})` +
          (guess ? `; did you mean "${guess}"?` : ''),
      );
      return;
    }
    const parameters = definition.parameters;
    for (const property of entry.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      if (key === 'name') continue;
      const parameter = parameters.find((p) => p.name === key);
      if (!parameter) {
        // An error, not an unknown-field warning: the catalogue is the API's own word on what a metric takes.
        problem(
          keyNode,
          'error',
          `${label} has a parameter "${displayLine(key, 40)}" at ${at(keyNode)} that ${definition.id} does not take ` +
            `(GET /fitness lists ${parameters.map((p) => p.name).join(', ') || 'no parameters'} for it)`,
        );
        continue;
      }
      if (!hasType(valueNode, String(parameter.type))) {
        problem(valueNode, 'error', `${label}: "${key}" at ${at(valueNode)} must be ${article(String(parameter.type))} (GET /fitness), not ${describe(valueNode)}`);
      }
    }
    const missing = parameters.filter((p) => p.required && nodeAt(entry, [p.name]) === undefined).map((p) => `"${p.name}"`);
    if (missing.length) {
      problem(
        entry,
        'error',
        `${label} at ${at(entry)} is missing the required ${missing.length === 1 ? 'parameter' : 'parameters'} ${missing.join(' and ')} (GET /fitness)`,
      );
    }
  });
  return out;
}

/** The document: "weight specifies the relative importance of that metric"; a negative importance is a mistake. */
function weightDiagnostics(source: JsonSource, entry: Node, label: string): SourceDiagnostic[] {
  const weight = nodeAt(entry, ['weight']);
  if (weight?.type !== 'number') return [];
  const value = Number(weight.value);
  const where = formatPosition(source.positionAt(weight.offset));
  if (value < 0) {
    return [{ ...nodeRangeFields(source, weight), severity: 'error', message: `${label}: weight ${value} at ${where} is negative; a weight is the metric's relative importance, 0 or more (1.0 when left out)` }];
  }
  if (value === 0) {
    return [{ ...nodeRangeFields(source, weight), severity: 'warning', message: `${label}: weight 0 at ${where} means the metric has no effect on the optimisation` }];
  }
  return [];
}

function rangeDiagnostics(source: JsonSource, entry: Node, label: string, name: string | undefined): SourceDiagnostic[] {
  const min = nodeAt(entry, ['min']);
  const max = nodeAt(entry, ['max']);
  const out: SourceDiagnostic[] = [];
  const where = (node: Node) => formatPosition(source.positionAt(node.offset));
  if (min?.type === 'number' && max?.type === 'number' && Number(min.value) > Number(max.value)) {
    out.push({ ...nodeRangeFields(source, min), severity: 'error', message: `${label}: min ${String(min.value)} is greater than max ${String(max.value)} (${where(min)})` });
  }
  const percent = name ? PERCENT_PARAMETERS[name] : undefined;
  if (!percent) return out;
  const bounds = percent.map((key) => nodeAt(entry, [key])).filter((n): n is Node => n?.type === 'number');
  for (const node of bounds) {
    const value = Number(node.value);
    if (value < 0 || value > 100) {
      const key = String(keyNodeOf(node)?.value ?? 'value');
      out.push({ ...nodeRangeFields(source, node), severity: 'error', message: `${label}: ${key} ${value} at ${where(node)} is not a percentage between 0 and 100` });
    }
  }
  if (bounds.length === percent.length && bounds.every((n) => Number(n.value) >= 0 && Number(n.value) <= 1) && bounds.some((n) => Number(n.value) > 0)) {
    out.push({
      ...nodeRangeFields(source, bounds[0]),
      severity: 'warning',
      message: `${label}: ${percent.join(' and ')} at ${where(bounds[0])} look like fractions; ${name} takes percentages (e.g. 35.0 and 60.0)`,
    });
  }
  return out;
}

function hasType(node: Node, type: string): boolean {
  switch (type) {
    case 'number':
      return node.type === 'number';
    case 'integer':
      return node.type === 'number' && Number.isInteger(node.value);
    case 'boolean':
      return node.type === 'boolean';
    case 'string':
      return node.type === 'string';
    default:
      return true; // a type the document does not list: the server decides
  }
}

function describe(node: Node): string {
  if (node.type === 'number' && !Number.isInteger(node.value)) return `the number ${String(node.value)}`;
  return article(node.type);
}

function article(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
