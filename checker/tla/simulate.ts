import { ConfigError, ExitCode } from '../errors.js';
import { freshSeed, SeededRandom } from '../simulate/seeded-random.js';
import type { SimulationStats } from '../simulate/simulate.js';
import { asEvalError, TlaEvalError } from './errors.js';
import { evaluate } from './eval.js';
import type { TlaModel } from './model.js';
import type { TlaSearchResult } from './search.js';
import { formatValue, keyOf, type Value } from './values.js';
import { startTlcRun, tlcRun } from './stdlib/tlc-run.js';

/**
 * Random walks over a TLA+ model, as TLC's -simulate and the DSL's `vigil
 * simulate`: each walk starts in a uniformly random initial state and takes a
 * uniformly random successor (of those Next generates, TLC's branches) at each
 * step, for at most `depth` states. Invariants are checked on every state, and a
 * state without successors is a deadlock when the model checks deadlock. A
 * state outside a CONSTRAINT ends its walk (it is not explored, as in the
 * search); ACTION_CONSTRAINT removes successors. The same seed gives the same
 * walks. Never exhaustive: an "ok" says only that no walk found a violation.
 */
export interface TlaSimulateOptions {
  /** @defaultValue a fresh seed, reported in the result */
  readonly seed?: number;
  /** Most states per walk, the initial one included. @defaultValue 100 */
  readonly depth?: number;
  /** @defaultValue 1,000 */
  readonly traces?: number;
}

/** The search's result fields (distinct: states seen on some walk; depth: the longest walk), plus the walks. */
export type TlaSimulationResult = TlaSearchResult & { readonly simulation: SimulationStats };

export function simulateTla(model: TlaModel, options: TlaSimulateOptions = {}): TlaSimulationResult {
  const started = Date.now();
  const seed = options.seed ?? freshSeed();
  // SeededRandom keeps 32 bits: a larger seed would silently repeat another seed's walks.
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ConfigError(`seed: expected an integer from 0 to ${0xffffffff}, got ${seed}`);
  const depthBound = options.depth ?? 100;
  const traces = options.traces ?? 1000;
  const random = new SeededRandom(seed);
  const seen = new Set<string>();
  const ctx = { cur: [] as Value[], next: null as Value[] | null, primed: false, varReads: 0 };
  const holds = (expr: Parameters<typeof evaluate>[0], name: string, state: Value[], next: Value[] | null = null): boolean => {
    ctx.cur = state;
    ctx.next = next;
    const v = evaluate(expr, null, model.scope, ctx);
    if (typeof v !== 'boolean') throw new TlaEvalError(`The ${name} is not a boolean in this state: ${formatValue(v)}`, expr.at);
    return v;
  };
  let generated = 0;
  let steps = 0;
  let longest = 0;
  let walks = 0;
  const finish = (verdict: TlaSearchResult['verdict'], exitCode: number, message: string, trace: Value[][], violated?: string): TlaSimulationResult => {
    const durationMs = Date.now() - started;
    return {
      verdict,
      exitCode,
      distinct: seen.size,
      generated,
      depth: longest,
      queueLeft: 0,
      trace,
      message,
      ...(violated ? { violated } : {}),
      simulation: { seed, traces: walks, steps, stepsPerSecond: Math.round((steps / Math.max(durationMs, 1)) * 1000), depth: depthBound },
    };
  };
  /** The first invariant `state` violates, or null; records the state as seen. */
  const check = (state: Value[]): string | null => {
    let key = '';
    for (const v of state) key += `${keyOf(v)}|`;
    seen.add(key);
    for (const inv of model.invariants) if (!holds(inv.expr, `invariant ${inv.name}`, state)) return inv.name;
    return null;
  };
  const inModel = (state: Value[]) => model.constraints.every((c) => holds(c.expr, `constraint ${c.name}`, state));

  // The walk so far: an evaluation error is reported with the behaviour up to the state it happened in, as TLC does.
  let walk: Value[][] = [];
  try {
    const initial: Value[][] = [];
    startTlcRun({ mode: 'simulate', deadlock: model.checkDeadlock, workers: 1, depth: depthBound, traces }, model.variables, null);
    model.enumerator.initStates(model.init, model.scope, (s) => initial.push(s));
    generated += initial.length;
    if (initial.length === 0) return finish('ok', ExitCode.ok, 'The initial predicate has no solution: there is nothing to simulate.', []);
    while (walks < traces) {
      walks++;
      walk = [initial[random.below(initial.length)]!];
      for (;;) {
        const current = walk[walk.length - 1]!;
        // TLCGet("level") and Trace: the current state's, for its invariants, constraints and successors alike.
        tlcRun.level = walk.length;
        tlcRun.walk = walk;
        longest = Math.max(longest, walk.length);
        const bad = check(current);
        if (bad) return finish('invariant', ExitCode.safety, `Invariant ${bad} is violated.`, walk, bad);
        if (walk.length >= depthBound || !inModel(current)) break;
        const successors: Value[][] = [];
        model.enumerator.successors(model.next, model.scope, current, (s) => successors.push(s.slice()));
        generated += successors.length;
        if (successors.length === 0) {
          if (model.checkDeadlock) return finish('deadlock', ExitCode.deadlock, 'Deadlock reached.', walk);
          break;
        }
        const allowed = model.actionConstraints.length === 0 ? successors : successors.filter((s) => model.actionConstraints.every((c) => holds(c.expr, `action constraint ${c.name}`, current, s)));
        if (allowed.length === 0) break;
        walk.push(allowed[random.below(allowed.length)]!);
        steps++;
      }
    }
  } catch (error) {
    const failure = asEvalError(error);
    if (failure !== null) return finish('error', ExitCode.evaluation, failure.message, walk);
    throw error;
  }
  return finish('ok', ExitCode.ok, `No error was found in ${walks} random ${walks === 1 ? 'walk' : 'walks'} (not exhaustive).`, []);
}
