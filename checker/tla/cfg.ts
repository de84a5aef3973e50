import { TlaConfigError } from './errors.js';

/**
 * TLC's model configuration (.cfg) files. Values are the ones TLC accepts there:
 * integers, strings, booleans, model values (bare names) and sets and tuples of
 * them. Everything else is a one-line error naming the file and line.
 */

export type CfgValue =
  | { kind: 'int'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'model'; name: string }
  | { kind: 'set'; items: CfgValue[] }
  | { kind: 'tuple'; items: CfgValue[] };

export interface TlcConfig {
  readonly file: string;
  readonly constants: { name: string; value: CfgValue; module: string | null; line: number }[];
  /** `A <- B` and `A <- [M] B`. */
  readonly substitutions: { name: string; target: string; module: string | null; line: number }[];
  init: string | null;
  next: string | null;
  specification: string | null;
  readonly invariants: string[];
  readonly properties: string[];
  readonly constraints: string[];
  readonly actionConstraints: string[];
  symmetry: string | null;
  view: string | null;
  alias: string | null;
  checkDeadlock: boolean;
}

const SECTIONS = new Set([
  'CONSTANT',
  'CONSTANTS',
  'INIT',
  'NEXT',
  'SPECIFICATION',
  'INVARIANT',
  'INVARIANTS',
  'PROPERTY',
  'PROPERTIES',
  'CONSTRAINT',
  'CONSTRAINTS',
  'ACTION_CONSTRAINT',
  'ACTION_CONSTRAINTS',
  'SYMMETRY',
  'VIEW',
  'CHECK_DEADLOCK',
  'ALIAS',
  'POSTCONDITION',
]);

/** Sections naming one definition, and the config field each sets. */
const SINGLE: Record<string, 'init' | 'next' | 'specification' | 'symmetry' | 'view' | 'alias'> = {
  INIT: 'init',
  NEXT: 'next',
  SPECIFICATION: 'specification',
  SYMMETRY: 'symmetry',
  VIEW: 'view',
  ALIAS: 'alias',
};

/** Sections listing definitions (singular keyword), and the config list each fills. */
const LISTS: Record<string, 'invariants' | 'properties' | 'constraints' | 'actionConstraints'> = {
  INVARIANT: 'invariants',
  PROPERTY: 'properties',
  CONSTRAINT: 'constraints',
  ACTION_CONSTRAINT: 'actionConstraints',
};

interface Token {
  readonly text: string;
  readonly line: number;
  readonly kind: 'word' | 'num' | 'str' | 'sym';
}

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('\\*', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('(*', i)) {
      let depth = 0;
      do {
        if (text.startsWith('(*', i)) (depth++, (i += 2));
        else if (text.startsWith('*)', i)) (depth--, (i += 2));
        else {
          if (text[i] === '\n') line++;
          i++;
        }
      } while (depth > 0 && i < text.length);
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new TlaConfigError(`${file}:${line}: unterminated string`);
      tokens.push({ text: value, line, kind: 'str' });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?[0-9]+/.exec(text.slice(i))!;
      tokens.push({ text: m[0], line, kind: 'num' });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z0-9_]+/.exec(text.slice(i))!;
      tokens.push({ text: m[0], line, kind: 'word' });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      if (['<-', '<<', '>>', '=='].includes(two)) {
        tokens.push({ text: two, line, kind: 'sym' });
        i += 2;
      } else if ('={},[]'.includes(c)) {
        tokens.push({ text: c, line, kind: 'sym' });
        i++;
      } else {
        throw new TlaConfigError(`${file}:${line}: unexpected character "${c}"`);
      }
    }
  }
  return tokens;
}

export function parseConfig(text: string, file: string): TlcConfig {
  const tokens = tokenize(text, file);
  const config: TlcConfig = {
    file,
    constants: [],
    substitutions: [],
    init: null,
    next: null,
    specification: null,
    invariants: [],
    properties: [],
    constraints: [],
    actionConstraints: [],
    symmetry: null,
    view: null,
    alias: null,
    checkDeadlock: true,
  };
  let i = 0;
  const peek = () => tokens[i];
  const take = (): Token => {
    const t = tokens[i++];
    if (!t) throw new TlaConfigError(`${file}: unexpected end of file`);
    return t;
  };
  const name = (): string => {
    const t = take();
    if (t.kind !== 'word' || SECTIONS.has(t.text)) throw new TlaConfigError(`${file}:${t.line}: expected a name, found "${t.text}"`);
    return t.text;
  };
  const value = (): CfgValue => {
    const t = take();
    if (t.kind === 'num') return { kind: 'int', value: Number(t.text) };
    if (t.kind === 'str') return { kind: 'str', value: t.text };
    if (t.kind === 'word') {
      if (t.text === 'TRUE' || t.text === 'FALSE') return { kind: 'bool', value: t.text === 'TRUE' };
      return { kind: 'model', name: t.text };
    }
    if (t.text === '{' || t.text === '<<') {
      const close = t.text === '{' ? '}' : '>>';
      const items: CfgValue[] = [];
      if (peek()?.text === close) {
        take();
      } else {
        for (;;) {
          items.push(value());
          const sep = take();
          if (sep.text === close) break;
          if (sep.text !== ',') throw new TlaConfigError(`${file}:${sep.line}: expected "," or "${close}", found "${sep.text}"`);
        }
      }
      return { kind: t.text === '{' ? 'set' : 'tuple', items };
    }
    throw new TlaConfigError(`${file}:${t.line}: expected a value, found "${t.text}"`);
  };
  const names = (into: string[]) => {
    while (peek() && peek()!.kind === 'word' && !SECTIONS.has(peek()!.text)) into.push(take().text);
  };
  while (i < tokens.length) {
    const t = take();
    if (t.kind !== 'word' || !SECTIONS.has(t.text)) throw new TlaConfigError(`${file}:${t.line}: expected a section keyword (CONSTANTS, INIT, NEXT, SPECIFICATION, INVARIANT, ...), found "${t.text}"`);
    switch (t.text) {
      case 'CONSTANT':
      case 'CONSTANTS':
        while (peek() && peek()!.kind === 'word' && !SECTIONS.has(peek()!.text)) {
          const line = peek()!.line;
          const n = name();
          const op = take();
          if (op.text === '=') {
            let module: string | null = null;
            if (peek()?.text === '[') {
              take();
              module = name();
              if (take().text !== ']') throw new TlaConfigError(`${file}:${line}: expected "]" after [${module}`);
            }
            config.constants.push({ name: n, value: value(), module, line });
          } else if (op.text === '<-') {
            let module: string | null = null;
            if (peek()?.text === '[') {
              take();
              module = name();
              if (take().text !== ']') throw new TlaConfigError(`${file}:${line}: expected "]" after [${module}`);
            }
            config.substitutions.push({ name: n, target: name(), module, line });
          } else {
            throw new TlaConfigError(`${file}:${op.line}: expected "=" or "<-" after constant ${n}, found "${op.text}"`);
          }
        }
        break;
      case 'INIT':
      case 'NEXT':
      case 'SPECIFICATION':
      case 'SYMMETRY':
      case 'VIEW':
      case 'ALIAS':
        config[SINGLE[t.text]!] = name();
        break;
      case 'INVARIANT':
      case 'INVARIANTS':
      case 'PROPERTY':
      case 'PROPERTIES':
      case 'CONSTRAINT':
      case 'CONSTRAINTS':
      case 'ACTION_CONSTRAINT':
      case 'ACTION_CONSTRAINTS':
        names(config[LISTS[t.text.replace(/S$|IES$/, (m) => (m === 'IES' ? 'Y' : ''))]!]);
        break;
      case 'POSTCONDITION':
        name();
        break;
      case 'CHECK_DEADLOCK': {
        const v = take();
        if (v.text !== 'TRUE' && v.text !== 'FALSE') throw new TlaConfigError(`${file}:${v.line}: CHECK_DEADLOCK takes TRUE or FALSE, found "${v.text}"`);
        config.checkDeadlock = v.text === 'TRUE';
        break;
      }
    }
  }
  return config;
}
