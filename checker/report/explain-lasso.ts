import { canonicalKey } from '../../spec/canonical.js';
import type { ProgramCounterAt } from '../../spec/definitions.js';
import { targetActions } from '../../spec/fairness.js';
import { sourceOf, type SourceLocation } from '../../spec/source-location.js';
import type { StatePredicate, TemporalFormula } from '../../spec/temporal.js';
import type { CheckResult, LassoLoop } from '../result.js';
import { formatStep, isAssertionFailure, type RuntimeModel, type StepRef } from '../runtime-model.js';
import { FairnessGroups } from '../temporal/fairness-groups.js';
import { violatedConjuncts } from '../temporal/lasso-check.js';
import { bodyOf } from './explain.js';
import { recordPaths } from './read-paths.js';

/**
 * "Why it broke" for a liveness counterexample (a lasso): what the property says
 * (its predicates' source and file:line), where the behaviour makes it fail (the
 * state where P first holds, that Q never holds on the loop, ...), and why the
 * loop is fair: for each fairness group, the step of the loop that takes it, or a
 * loop state where it is disabled with its guard and the values the guard read;
 * and the steps that stay enabled all along the loop without being taken (with
 * the fairness that covers them, or none). Computed from the trace alone by
 * re-executing the model on the loop's states, so the text, the story, the HTML
 * report and the explorer say the same thing.
 */
export interface LassoExplanation {
  /** The property instance, `Finishes` or `StarvationFree[p1]`. */
  readonly property: string;
  /** The violated form, `P ~> Q`. */
  readonly formula: string;
  /** For an `and(...)` property: which conjunct is violated (1-based) of how many. */
  readonly conjunct: { readonly index: number; readonly of: number } | null;
  readonly source: SourceLocation | null;
  /** `P` = `s.finished`: the predicates of the violated form. */
  readonly definitions: readonly { readonly letter: string; readonly text: string }[];
  /** 0-based trace index where the loop starts; stuttering: the last state repeats. */
  readonly loopStart: number;
  readonly stuttering: boolean;
  /** Where the behaviour makes the property fail, one sentence each (state numbers 1-based, as printed). */
  readonly facts: readonly string[];
  /** One line per fairness group: taken on the loop, or disabled in a loop state and why. */
  readonly fairness: readonly string[];
  /** Steps enabled in every state of the loop and never taken, and the fairness that covers them (or none). */
  readonly neglected: readonly string[];
}

const MAX_GROUP_NOTES = 8;
const MAX_NEGLECTED = 6;

export function explainLasso(model: RuntimeModel<any>, result: Pick<CheckResult, 'verdict' | 'property' | 'trace' | 'loop'>): LassoExplanation | null {
  const trace = result.trace;
  const loop = result.loop;
  if (result.verdict !== 'liveness' || !trace || trace.length === 0 || !loop || !result.property) return null;
  const property = (model.def.temporal ?? []).find((p) => p.instances.some((i) => i.name === result.property));
  const instance = property?.instances.find((i) => i.name === result.property);
  if (!property || !instance) return null;
  const states = trace.map((step) => step.state as object);
  const loopIndex = loop.stuttering ? states.length - 1 : loop.start;
  const judged = violatedConjuncts(model, states, loopIndex, instance.name);
  const parts = conjuncts(instance.formula);
  if (!judged || judged.violated.length === 0) return null;
  const index = judged.violated[0]!;
  const part = parts[index];
  if (!part) return null;
  const facts = propertyFacts(part, judged.checks[index]!.formula, states, loopIndex);
  const loopFacts = new LoopFacts(model, trace.map((t) => t.action), states, loop, loopIndex);
  return {
    property: instance.name,
    formula: judged.checks[index]!.formula,
    conjunct: parts.length > 1 ? { index: index + 1, of: parts.length } : null,
    source: sourceOf(property.site),
    definitions: definitions(part),
    loopStart: loopIndex,
    stuttering: loop.stuttering,
    facts,
    fairness: loopFacts.groupNotes(),
    neglected: loopFacts.neglected(),
  };
}

/** The explanation as indented text lines (the TLC-style output and the story print these). */
export function formatLassoExplanation(e: LassoExplanation): string[] {
  const at = e.source ? ` (${e.source.file}:${e.source.line})` : '';
  const which = e.conjunct ? `, conjunct ${e.conjunct.index} of ${e.conjunct.of},` : '';
  const lines = [`Why it broke: ${e.property}${which} is ${e.formula}${at}`];
  for (const d of e.definitions) lines.push(`  ${d.letter} == ${d.text}`);
  for (const fact of e.facts) lines.push(`  ${fact}`);
  if (e.fairness.length) lines.push(e.stuttering ? '  Fairness in the last state:' : '  Fairness on the loop:', ...e.fairness.map((f) => `    ${f}`));
  else lines.push('  No fairness condition applies to these steps.');
  if (e.neglected.length) lines.push(e.stuttering ? '  Enabled there and never taken:' : '  Enabled in every state of the loop and never taken:', ...e.neglected.map((n) => `    ${n}`));
  return lines;
}

interface Part {
  readonly formula: TemporalFormula<any>;
  readonly initially: StatePredicate<any> | null;
}

/** The property's conjuncts in the order property-plan.ts numbers its checks. */
function conjuncts(formula: TemporalFormula<any>, initially: StatePredicate<any> | null = null): Part[] {
  if (formula.kind === 'and') return formula.parts.flatMap((p) => conjuncts(p, initially));
  if (formula.kind === 'implies') return conjuncts(formula.then, formula.initially);
  return [{ formula, initially }];
}

function definitions(part: Part): { letter: string; text: string }[] {
  const f = part.formula;
  const list: [string, Function][] = part.initially ? [['I', part.initially]] : [];
  if (f.kind === 'leadsTo') list.push(['P', f.p], ['Q', f.q]);
  else if (f.kind === 'stabilizesWhen') list.push(['C', f.condition], ['P', f.p]);
  else if ('p' in f) list.push(['P', f.p]);
  return list.map(([letter, fn]) => ({ letter, text: bodyOf(fn) }));
}

function propertyFacts(part: Part, formula: string, states: readonly object[], loop: number): string[] {
  const f = part.formula;
  const n = states.length;
  const last = n - 1;
  const loopText = loop === last ? `the behaviour then stays in state ${n} for ever (stuttering)` : `states ${loop + 1}-${n} repeat for ever (back to state ${loop + 1})`;
  const facts: string[] = part.initially ? ['I holds in state 1.'] : [];
  const holds = (p: StatePredicate<any>, i: number) => safely(p, states[i]!);
  const onLoop = Array.from({ length: n - loop }, (_, k) => loop + k);
  switch (f.kind) {
    case 'eventually':
      facts.push(`${n === 1 ? 'P does not hold in state 1' : `P holds in none of the ${n} states`}, and ${loopText}.`);
      break;
    case 'infinitelyOften':
      facts.push(`P is false in every state of the loop: ${loopText}.`);
      break;
    case 'eventuallyAlways': {
      const j = onLoop.find((i) => !holds(f.p, i)) ?? loop;
      facts.push(`P is false in state ${j + 1}, on the loop: ${loopText}, so P never holds for good.`);
      break;
    }
    case 'leadsTo': {
      const qFalseFrom = (i: number) => states.every((_, k) => k < Math.min(i, loop) || !holds(f.q, k));
      const j = states.findIndex((_, i) => holds(f.p, i) && qFalseFrom(i));
      facts.push(`P holds in state ${j + 1} and Q holds in no state from there on: ${loopText}.`);
      break;
    }
    case 'stabilizesWhen': {
      const j = onLoop.find((i) => !holds(f.p, i)) ?? loop;
      facts.push(`C holds in every state of the loop, but P is false in state ${j + 1} on it: ${loopText}.`);
      break;
    }
    case 'infinitelyOftenTaken':
      facts.push(`No step of ${f.action} on the loop: ${loopText}.`);
      break;
    default:
      facts.push(`${formula} fails: ${loopText}.`);
  }
  return facts;
}

function safely(p: StatePredicate<any>, state: object): boolean {
  try {
    return p(state) === true;
  } catch {
    return false;
  }
}

/** What each loop state enables and which step the loop takes from it, by re-executing the model. */
class LoopFacts {
  private readonly groups: FairnessGroups;
  /** Per loop position: every step instance with its groups, whether enabled, and the taken step's label. */
  private readonly positions: { state: object; index: number; steps: { step: StepRef; label: string; groups: readonly number[]; enabled: boolean }[]; taken: string | null }[] = [];

  constructor(
    model: RuntimeModel<any>,
    labels: readonly string[],
    states: readonly object[],
    loop: LassoLoop,
    loopIndex: number,
  ) {
    this.groups = new FairnessGroups(model.def.fairness ?? [], []);
    const scratch = model.codec.createScratch();
    for (let i = loopIndex; i < states.length; i++) {
      const state = states[i]!;
      const here = canonicalKey(state);
      const enabled = new Set<string>();
      model.forEachSuccessor(state as never, scratch, (next, step) => void (canonicalKey(next) !== here && enabled.add(formatStep(step))), isAssertionFailure);
      const steps = [...model.stepsOf(state as never)].map((step) => {
        const label = formatStep(step);
        return { step, label, groups: this.groups.sets[this.groups.setOf(step, state)]!, enabled: enabled.has(label) };
      });
      const taken = loop.stuttering ? null : i < states.length - 1 ? labels[i + 1]! : loop.action;
      this.positions.push({ state, index: i, steps, taken });
    }
  }

  groupNotes(): string[] {
    const notes: string[] = [];
    let omitted = 0;
    this.groups.groups.forEach((group, g) => {
      if (group.kind === 'action') return;
      const takenBy = this.positions.flatMap((p) => p.steps.filter((s) => s.label === p.taken && s.groups.includes(g)).map((s) => s.label))[0];
      if (takenBy !== undefined) return void notes.push(`${group.label}: taken on the loop (${takenBy})`);
      const enabledIn = this.positions.filter((p) => p.steps.some((s) => s.enabled && s.groups.includes(g)));
      const disabled = this.positions.filter((p) => !enabledIn.includes(p));
      if (disabled.length === 0) return void notes.push(`${group.label}: enabled in every state of the loop and never taken`);
      if (notes.length >= MAX_GROUP_NOTES) return void omitted++;
      // Where the guard got furthest (read the most) is the most telling state to show.
      const reasons = disabled.slice(0, 64).map((p) => ({ p, why: this.whyDisabled(g, p) }));
      const best = enabledIn.length > 0 ? reasons[0]! : reasons.reduce((a, b) => (b.why.length > a.why.length ? b : a));
      const where = enabledIn.length > 0 || this.positions.length === 1 ? `in state ${best.p.index + 1}` : `in every state of the loop; in state ${best.p.index + 1}`;
      notes.push(`${group.label}: disabled ${where}: ${best.why}`);
    });
    if (omitted) notes.push(`... and ${omitted} more fairness groups, each disabled on the loop`);
    return notes;
  }

  /** Steps enabled in every loop state and never taken there, with the fairness that covers them. */
  neglected(): string[] {
    const first = this.positions[0]!;
    const taken = new Set(this.positions.map((p) => p.taken));
    const always = first.steps.filter((s) => !taken.has(s.label) && this.positions.every((p) => p.steps.some((o) => o.label === s.label && o.enabled)));
    const lines = always.slice(0, MAX_NEGLECTED).map((s) => {
      const fair = s.groups.filter((g) => this.groups.groups[g]!.kind !== 'action');
      if (fair.length === 0) return `${s.label}: no fairness condition covers it`;
      return `${s.label}: ${fair.map((g) => `${this.groups.groups[g]!.label} covers it and is met by ${this.takenStep(g) ?? 'a step of the loop'}`).join('; ')}`;
    });
    if (always.length > MAX_NEGLECTED) lines.push(`... and ${always.length - MAX_NEGLECTED} more`);
    return lines;
  }

  private takenStep(g: number): string | undefined {
    return this.positions.flatMap((p) => p.steps.filter((s) => s.label === p.taken && s.groups.includes(g)).map((s) => s.label))[0];
  }

  /** `Work(w = 2) disabled: finished = TRUE (guard: w === 1 || !s.finished)`, for up to two instances. */
  private whyDisabled(g: number, position: LoopFacts['positions'][number]): string {
    const members = position.steps.filter((s) => s.groups.includes(g));
    // A process's steps at other labels are disabled by its pc alone: name the ones at its pc.
    const here = members.filter((s) => atItsLabel(s.step, position.state));
    if (members.length > 0 && here.length === 0) {
      const at = members[0]!.step.action.at!;
      return `${pcPath(at)} = ${JSON.stringify(pcOf(position.state, at))}: no step of it starts there`;
    }
    if (here.length > 0) return here.slice(0, 2).map((s) => guardReason(s.step, s.label, position.state)).join('; ') + (here.length > 2 ? `; and ${here.length - 2} more` : '');
    const def = this.groups.groups[g]!.def;
    const where = def && 'where' in def.target ? def.target.where : undefined;
    const actions = def ? targetActions(def.target) : null;
    if (where && actions) {
      const candidates = position.steps.filter((s) => actions.includes(s.step.action.name));
      const shown = candidates.slice(0, 2).map((s) => {
        const { reads } = recordPaths(position.state, (proxy) => where(proxy, s.step.params));
        return `${s.label}: its where condition is false${reads.length ? `: ${formatReads(reads)}` : ''}`;
      });
      if (shown.length) return shown.join('; ');
    }
    return 'none of its steps exists in this state';
  }
}

/** Why one step has no successor that changes the state: its guard and what it read, or an effect that changes nothing. */
function guardReason(step: StepRef, label: string, state: object): string {
  // A process step's own guard, without the pc test the engine wraps around it.
  const own = step.action.processStep;
  const when = own ? (own.when && ((s: any) => own.when!(s, own.self, step.params))) : step.action.when && ((s: any) => step.action.when!(s, step.params));
  if (when) {
    const { result, reads } = recordPaths(state, when);
    if (result === false) return `${label} disabled: ${reads.length ? formatReads(reads) : 'its guard is false'} (guard: ${cut(bodyOf(own?.when ?? step.action.when!), 60)})`;
  }
  return `${label} disabled: its step leaves the state unchanged`;
}

function atItsLabel(step: StepRef, state: object): boolean {
  const at = step.action.at;
  return !at || pcOf(state, at) === at.label;
}

function pcOf(state: any, at: ProgramCounterAt): unknown {
  return (at.id === null ? state[at.variable] : state[at.variable]?.[at.id])?.pc;
}

function pcPath(at: ProgramCounterAt): string {
  return at.id === null ? `${at.variable}.pc` : `${at.variable}[${JSON.stringify(at.id)}].pc`;
}

function formatReads(reads: readonly { path: string; value: string }[]): string {
  return reads.map((r) => `${r.path} = ${cut(r.value, 40)}`).join(', ');
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}\u2026` : text;
}
