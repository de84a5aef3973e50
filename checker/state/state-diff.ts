import { canonicalKey } from '../../spec/canonical.js';
import { FSet } from '../../spec/fset.js';
import { formatValue } from './format-value.js';
import { Verbatim } from './verbatim.js';

/**
 * What changed between two states, variable by variable, and inside a variable
 * down to the leaves (`T[1].pc`), so that a reviewer sees the one field of a big
 * record that moved. Used by the HTML report, the explorer and replay messages.
 */
export interface LeafChange {
  /** Path inside the variable: `` for the whole value, `.pc`, `[1].pc`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface VariableChange {
  readonly variable: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly leaves: readonly LeafChange[];
}

/** The changed variables of `after` relative to `before`, in `variables` order. */
export function diffStates(variables: readonly string[], before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): VariableChange[] {
  const changes: VariableChange[] = [];
  for (const variable of variables) {
    const leaves = leafChanges(before[variable], after[variable]);
    if (leaves.length > 0) changes.push({ variable, before: before[variable], after: after[variable], leaves });
  }
  return changes;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalKey(a) === canonicalKey(b);
}

/** The smallest sub-values that differ; records and maps recurse by key, sequences by position. */
export function leafChanges(before: unknown, after: unknown, path = ''): LeafChange[] {
  if (sameValue(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after) && sameKeys(before, after)) {
    return Object.keys(after).flatMap((key) => leafChanges(before[key], after[key], `${path}${keySegment(key)}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return after.flatMap((item, i) => leafChanges(before[i], item, `${path}[${i}]`));
  }
  return [{ path, before, after }];
}

/** `T[1].pc = "second"`, or `big = 4` for a whole variable. */
export function formatLeaf(variable: string, leaf: LeafChange): string {
  return `${variable}${leaf.path} = ${formatValue(leaf.after)}`;
}

function keySegment(key: string): string {
  return /^[A-Za-z_]\w*$/.test(key) ? `.${key}` : `[${key}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof FSet) && !(value instanceof Verbatim);
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keysA = Object.keys(a);
  return keysA.length === Object.keys(b).length && keysA.every((key) => key in b);
}
