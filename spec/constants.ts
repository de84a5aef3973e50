/**
 * Constant declarations. A constant has a default and a parser for the text given
 * on the command line (`--const RM=5`) or in YAML. Constants shape the schema: the
 * model's `build` function receives their values.
 */
export interface ConstDecl<T> {
  readonly kind: 'int' | 'bool' | 'enum' | 'modelValues';
  readonly default: T;
  readonly description?: string;
  /** Allowed values, for enums. */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Turns a CLI or YAML value into T, or returns an error sentence. */
  parse(raw: unknown): T | { error: string };
}

export type ConstantsOf<D> = { readonly [K in keyof D]: D[K] extends ConstDecl<infer T> ? T : never };

export function intConst(defaultValue: number, bounds: { min?: number; max?: number; description?: string } = {}): ConstDecl<number> {
  const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  return {
    kind: 'int',
    default: defaultValue,
    description: bounds.description,
    min: bounds.min,
    max: bounds.max,
    parse(raw) {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(value)) return { error: `expected an integer, got ${JSON.stringify(raw)}` };
      if (value < min || value > max) return { error: `${value} is outside ${bounds.min ?? '-inf'}..${bounds.max ?? 'inf'}` };
      return value;
    },
  };
}

export function boolConst(defaultValue: boolean, description?: string): ConstDecl<boolean> {
  return {
    kind: 'bool',
    default: defaultValue,
    description,
    parse(raw) {
      if (raw === true || raw === 'true' || raw === 'TRUE') return true;
      if (raw === false || raw === 'false' || raw === 'FALSE') return false;
      return { error: `expected true or false, got ${JSON.stringify(raw)}` };
    },
  };
}

export function enumConst<const V extends readonly string[]>(values: V, defaultValue: V[number], description?: string): ConstDecl<V[number]> {
  return {
    kind: 'enum',
    default: defaultValue,
    description,
    values,
    parse(raw) {
      if (typeof raw === 'string' && values.includes(raw)) return raw as V[number];
      return { error: `expected one of ${values.join(', ')}, got ${JSON.stringify(raw)}` };
    },
  };
}
