/**
 * Errors that reach the user. Each carries the exit code of conventions.md §2 and
 * a message that is one clear line naming the file, field, action or value.
 */
export const ExitCode = {
  ok: 0,
  assumption: 10,
  deadlock: 11,
  safety: 12,
  liveness: 13,
  assertion: 14,
  evaluation: 75,
  invariantEvaluation: 76,
  specLoad: 150,
  config: 151,
  system: 153,
  other: 255,
} as const;

export class VigilError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'VigilError';
  }
}

/** A configuration problem: unknown model, constant or property; bad YAML (151). */
export class ConfigError extends VigilError {
  constructor(message: string) {
    super(message, ExitCode.config);
    this.name = 'ConfigError';
  }
}

/** The specification could not be loaded or built (150). */
export class SpecLoadError extends VigilError {
  constructor(message: string) {
    super(message, ExitCode.specLoad);
    this.name = 'SpecLoadError';
  }
}

/** A value outside its declared type, found while encoding a state. */
export class OutOfTypeError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly value: unknown,
  ) {
    super(`variable ${path} = ${describeValue(value)} is not ${expected}${setHint(expected, value)}`);
    this.name = 'OutOfTypeError';
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  // JSON.stringify shows every JS Set as {}: show its members.
  if (value instanceof Set) return `a JS Set ${describeValue([...value])}`;
  if (typeof value === 'number') return String(value); // NaN and Infinity as themselves (JSON would say null)
  let text: string;
  try {
    text = showNonFinite(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${NON_FINITE}${v}` : v)) ?? String(value));
  } catch {
    // Cyclic, too deeply nested (String() would recurse too), or a BigInt.
    text = typeof value === 'object' && value !== null ? `a ${Array.isArray(value) ? 'list' : 'value'} that cannot be shown` : String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Marks a non-finite number inside JSON.stringify; the marked string is then unquoted. */
const NON_FINITE = '\u0000number:';

function showNonFinite(json: string): string {
  return json.replace(/"\\u0000number:(NaN|-?Infinity)"/g, '$1');
}

/** A JS Set or array where an FSet belongs: say how to make the FSet. */
function setHint(expected: string, value: unknown): string {
  if (!expected.startsWith('a subset of') || !(value instanceof Set || Array.isArray(value))) return '';
  return ' (an FSet is needed: make it with the set type\'s of(...) / empty(), e.g. const Readers = t.set([1, 2, 3]); Readers.of(1, 2))';
}
