import type { TemporalFormula } from '../../../spec/temporal.js';

/**
 * A temporal formula in TLA+ notation, for messages and reports: `[](P => <>[]P)`.
 * A predicate is shown by its function's name when it has a usable one (`const
 * Done = (s) => ...` is named Done), else by a letter in order of appearance,
 * the same letter for the same function.
 */
export function formulaText(formula: TemporalFormula<any>): string {
  const names = new Map<Function, string>();
  const letters = ['P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W'];
  const nameOf = (f: Function, step: boolean): string => {
    let name = names.get(f);
    if (name === undefined) {
      const own = /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name) && !['holds', 'p', 'q'].includes(f.name) ? f.name : null;
      const used = new Set(names.values());
      name = own && !used.has(own) ? own : (step ? ['A', 'B', 'C', 'D', 'E'] : letters).find((l) => !used.has(l)) ?? `${step ? 'A' : 'P'}${names.size + 1}`;
      names.set(f, name);
    }
    return name;
  };
  const text = (f: TemporalFormula<any>, outer: boolean): string => {
    const wrap = (s: string) => (outer ? s : `(${s})`);
    switch (f.kind) {
      case 'predicate':
        return nameOf(f.p, false);
      case 'taken':
        return `<<${f.action}>>_vars`;
      case 'stepWhere':
        return `<<${f.label ?? nameOf(f.holds, true)}>>_vars`;
      case 'not':
        return `~${text(f.f, false)}`;
      case 'and':
        return wrap(f.parts.map((p) => text(p, false)).join(' /\\ '));
      case 'or':
        return wrap(f.parts.map((p) => text(p, false)).join(' \\/ '));
      case 'impliesFormula':
        return wrap(`${text(f.premise, false)} => ${text(f.conclusion, false)}`);
      case 'implies':
        return wrap(`${nameOf(f.initially, false)} => ${text(f.then, false)}`);
      case 'alwaysFormula':
        return `[]${text(f.f, false)}`;
      case 'eventuallyFormula':
        return `<>${text(f.f, false)}`;
      case 'until':
        return wrap(`${text(f.f, false)} U ${text(f.g, false)}`);
      case 'always':
        return `[]${nameOf(f.p, false)}`;
      case 'eventually':
        return `<>${nameOf(f.p, false)}`;
      case 'infinitelyOften':
        return `[]<>${nameOf(f.p, false)}`;
      case 'eventuallyAlways':
        return `<>[]${nameOf(f.p, false)}`;
      case 'leadsTo':
        return wrap(`${nameOf(f.p, false)} ~> ${nameOf(f.q, false)}`);
      case 'infinitelyOftenTaken':
        return `[]<><<${f.action}>>_vars`;
      case 'stabilizesWhen':
        return wrap(`<>[]${nameOf(f.condition, false)} => <>[]${nameOf(f.p, false)}`);
      default:
        return `<unsupported ${String((f as { kind?: unknown }).kind)}>`;
    }
  };
  return text(formula, true);
}
