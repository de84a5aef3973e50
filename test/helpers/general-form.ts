import { always, and, eventually, holds, implies, taken, type TemporalFormula } from '../../spec/index.js';

/** The same property through the general path: each fixed form rebuilt from general nodes. */
export function generalForm<S>(f: TemporalFormula<S>): TemporalFormula<S> {
  const p = (x: (s: Readonly<S>) => boolean) => holds(x);
  switch (f.kind) {
    case 'always':
      return { kind: 'alwaysFormula', f: p(f.p) };
    case 'eventually':
      return { kind: 'eventuallyFormula', f: p(f.p) };
    case 'infinitelyOften':
      return always(eventually(p(f.p)));
    case 'eventuallyAlways':
      return eventually(always(p(f.p)));
    case 'leadsTo':
      return always(implies(p(f.p), eventually(p(f.q))));
    case 'infinitelyOftenTaken':
      return always(eventually(taken(f.action)));
    case 'stabilizesWhen':
      return implies(eventually(always(p(f.condition))), eventually(always(p(f.p))));
    case 'implies':
      return implies(p(f.initially), generalForm(f.then));
    case 'and':
      return and(...f.parts.map(generalForm));
    default:
      return f;
  }
}

