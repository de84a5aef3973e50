/**
 * TLA+'s operator precedence ranges (Specifying Systems, p. 271, as SANY's
 * parser has them). The grammar gives every operator one level and makes all
 * of them left-associative, and leaves the ranges to the semantic level: `a %
 * b + c` parses, but SANY refuses it, because the ranges of `%` (10-11) and `+`
 * (10-10) overlap. Two operators written one after the other without
 * parentheses are legal only when one's range lies wholly above the other's,
 * or when they are the same left-associative operator (`a + b + c`).
 */

export interface Precedence {
  readonly low: number;
  readonly high: number;
  /** Left-associative: `a op b op c` is `(a op b) op c`. */
  readonly left: boolean;
  /** As written in the message (one of its spellings). */
  readonly text: string;
}

const op = (text: string, low: number, high: number, left = false): Precedence => ({ low, high, left, text });

/** Infix operators by the grammar's node type. */
const INFIX: ReadonlyMap<string, Precedence> = new Map([
  ['implies', op('=>', 1, 1)],
  ['plus_arrow', op('-+->', 2, 2)],
  ['equiv', op('\\equiv', 2, 2)],
  ['iff', op('<=>', 2, 2)],
  ['leads_to', op('~>', 2, 2)],
  ['land', op('/\\', 3, 3, true)],
  ['lor', op('\\/', 3, 3, true)],
  ...['assign:=', 'bnf_rule:::=', 'eq:=', 'neq:#', 'lt:<', 'gt:>', 'leq:=<', 'geq:>=', 'approx:\\approx', 'rs_ttile:|-', 'rd_ttile:|=', 'ls_ttile:-|', 'ld_ttile:=|', 'asymp:\\asymp', 'cong:\\cong', 'doteq:\\doteq', 'gg:\\gg', 'll:\\ll', 'in:\\in', 'notin:\\notin', 'prec:\\prec', 'succ:\\succ', 'preceq:\\preceq', 'succeq:\\succeq', 'propto:\\propto', 'sim:\\sim', 'simeq:\\simeq', 'sqsubset:\\sqsubset', 'sqsupset:\\sqsupset', 'sqsubseteq:\\sqsubseteq', 'sqsupseteq:\\sqsupseteq', 'subset:\\subset', 'supset:\\supset', 'subseteq:\\subseteq', 'supseteq:\\supseteq'].map(
    (entry): [string, Precedence] => {
      const colon = entry.indexOf(':');
      return [entry.slice(0, colon), op(entry.slice(colon + 1), 5, 5)];
    },
  ),
  ['compose', op('@@', 6, 6, true)],
  ['map_to', op(':>', 7, 7)],
  ['map_from', op('<:', 7, 7)],
  ['setminus', op('\\', 8, 8)],
  ['cap', op('\\cap', 8, 8, true)],
  ['cup', op('\\cup', 8, 8, true)],
  ['dots_2', op('..', 9, 9)],
  ['dots_3', op('...', 9, 9)],
  ['plus', op('+', 10, 10, true)],
  ['plusplus', op('++', 10, 10, true)],
  ['oplus', op('(+)', 10, 10, true)],
  ['mod', op('%', 10, 11)],
  ['modmod', op('%%', 10, 11, true)],
  ['vert', op('|', 10, 11, true)],
  ['vertvert', op('||', 10, 11, true)],
  ['minus', op('-', 11, 11, true)],
  ['minusminus', op('--', 11, 11, true)],
  ['ominus', op('(-)', 11, 11, true)],
  ['amp', op('&', 13, 13, true)],
  ['ampamp', op('&&', 13, 13, true)],
  ['odot', op('(.)', 13, 13, true)],
  ['oslash', op('(/)', 13, 13)],
  ['otimes', op('(\\X)', 13, 13, true)],
  ['mul', op('*', 13, 13, true)],
  ['mulmul', op('**', 13, 13, true)],
  ['slash', op('/', 13, 13)],
  ['slashslash', op('//', 13, 13)],
  ['bigcirc', op('\\bigcirc', 13, 13, true)],
  ['bullet', op('\\bullet', 13, 13, true)],
  ['div', op('\\div', 13, 13)],
  ['circ', op('\\o', 13, 13, true)],
  ['star', op('\\star', 13, 13, true)],
  ['excl', op('!!', 9, 13)],
  ['hashhash', op('##', 9, 13, true)],
  ['dol', op('$', 9, 13, true)],
  ['doldol', op('$$', 9, 13, true)],
  ['qq', op('??', 9, 13, true)],
  ['sqcap', op('\\sqcap', 9, 13, true)],
  ['sqcup', op('\\sqcup', 9, 13, true)],
  ['uplus', op('\\uplus', 9, 13, true)],
  ['times', op('\\X', 10, 13, true)],
  ['wr', op('\\wr', 9, 14)],
  ['cdot', op('\\cdot', 5, 14, true)],
  ['pow', op('^', 14, 14)],
  ['powpow', op('^^', 14, 14)],
]);

/** Prefix operators by the grammar's node type. */
const PREFIX: ReadonlyMap<string, Precedence> = new Map([
  ['lnot', op('~', 4, 4)],
  ['always', op('[]', 4, 15)],
  ['eventually', op('<>', 4, 15)],
  ['enabled', op('ENABLED', 4, 15)],
  ['unchanged', op('UNCHANGED', 4, 15)],
  ['powerset', op('SUBSET', 10, 13)],
  ['union', op('UNION', 10, 13)],
  ['domain', op('DOMAIN', 10, 13)],
  ['negative', op('-', 12, 12)],
]);

export function infixPrecedence(symbol: string): Precedence | undefined {
  return INFIX.get(symbol);
}

export function prefixPrecedence(symbol: string): Precedence | undefined {
  return PREFIX.get(symbol);
}

/**
 * The conflict, as SANY words it, when `inner` (an operator written without
 * parentheses as the left operand of `outer`, or, for `onRight`, as its right
 * operand) may not be grouped that way; null when it may.
 */
export function precedenceConflict(inner: Precedence, outer: Precedence, onRight: boolean): string | null {
  // On the left, inner binds tighter: its range wholly above outer's, or the same left-associative operator.
  // On the right, outer's range lies wholly below inner's.
  const legal = onRight ? outer.high < inner.low : inner.low > outer.high || (inner === outer && inner.left);
  if (legal) return null;
  const [first, second] = onRight ? [outer, inner] : [inner, outer];
  return `Precedence conflict between ops ${first.text} and ${second.text}: parenthesise one of them.`;
}
