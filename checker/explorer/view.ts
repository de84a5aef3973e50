import { formatValue } from '../state/format-value.js';
import type { RuntimeModel } from '../runtime-model.js';
import { diffStates, formatLeaf } from '../state/state-diff.js';
import { encodePath, pathOf, type PathStep } from './path.js';
import { expand, isDeadlock, type Expansion, type StepFailure } from './successors.js';
import { namedProperties, type PropertyKind } from './goals.js';
import { encodePermalink, modelIdentity } from './permalink.js';
import { plain } from '../report/json.js';
import { isGhost } from '../../spec/presentation.js';
import { sourceOf } from '../../spec/source-location.js';
import { presentationOf } from '../report/presentation-view.js';
import { explainLasso, formatLassoExplanation } from '../report/explain-lasso.js';
import type { LassoLoop } from '../result.js';

/**
 * What the explorer page shows, as plain JSON: view structs, never engine
 * internals. NOTE: key names must match the page script (ui-script.ts).
 */
export interface SessionView {
  readonly model: string;
  readonly constants: Readonly<Record<string, string>>;
  readonly initialStates: number;
  readonly branches: readonly { readonly id: number; readonly name: string; readonly length: number; readonly readOnly: boolean }[];
  readonly branch: number;
  readonly position: number;
  /** `0/1/5`: the path to the current state. */
  readonly path: string;
  /** The URL fragment that reopens this state in this model and configuration only (permalink.ts). */
  readonly permalink: string;
  readonly steps: readonly StepView[];
  /** `ghost`: a variable the model's presentation hides (spec/presentation.ts); the page shows it on request only. */
  readonly state: readonly { readonly name: string; readonly value: string; readonly changed: boolean; readonly ghost: boolean }[];
  readonly enabled: readonly EnabledView[];
  readonly failures: readonly { readonly label: string; readonly assertion: string | null; readonly message: string }[];
  readonly deadlock: boolean;
  readonly properties: readonly PropertyView[];
  readonly message: string | null;
  /** How to show the message: a found path is `success`, "no path" or a refusal is `warning`. */
  readonly messageKind: MessageKind;
  /** The model's temporal property instances (checked on whole behaviours, not in one state). */
  readonly temporal: readonly { readonly name: string; readonly description: string | null }[];
  /** When the branch is a lasso: where its loop returns (0-based position) or that it stutters in its last state. */
  readonly loop: { readonly start: number; readonly stuttering: boolean; readonly action: string | null } | null;
  /** The lasso's "Why it broke" lines (explain-lasso.ts), when the property it violates is known. */
  readonly why: readonly string[];
}

export type MessageKind = 'info' | 'success' | 'warning';

export interface StepView {
  readonly position: number;
  readonly label: string;
  readonly actor: string | null;
  /** `big = 5`, `T[1].pc = "second"`: what this step changed. */
  readonly changes: readonly string[];
  /** For a step that failed (an assertion, an exception): why, shown on the step itself. */
  readonly failure: string | null;
  /** The state after the step as plain JSON (sets as arrays), for watch expressions evaluated in the page. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Where the step's action is declared (`models/x.ts:42`), or null. */
  readonly source: string | null;
}

export interface EnabledView {
  /** The successor index: what `take` expects. */
  readonly index: number;
  readonly label: string;
  readonly actor: string | null;
  readonly changes: readonly { readonly variable: string; readonly before: string; readonly after: string }[];
  /** Action properties this step would violate, and invariants its successor would violate. */
  readonly violates: readonly string[];
  /** This is the step the current branch takes next. */
  readonly onBranch: boolean;
}

export interface PropertyView {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string | null;
  /** Invariants, possibles: in this state; action properties, assertions: on the step into it; deadlock: here. */
  readonly holds: boolean;
}

interface BranchLike {
  readonly id: number;
  readonly name: string;
  readonly steps: readonly PathStep[];
  readonly readOnly: boolean;
  readonly lasso?: { readonly loop: LassoLoop; readonly property: string | null };
}

export function sessionView(model: RuntimeModel<any>, branches: readonly BranchLike[], branch: BranchLike, position: number, message: string | null, messageKind: MessageKind = 'info'): SessionView {
  const current = branch.steps[position]!;
  const previous = position > 0 ? branch.steps[position - 1]!.state : undefined;
  const failed = current.index < 0;
  const expansion = failed ? { successors: [], failures: [] } : expand(model, current.state);
  const nextIndex = branch.steps[position + 1]?.index;
  const { ghosts } = presentationOf(model);
  return {
    model: model.name,
    // Shown like `vigil check`'s header (unquoted).
    constants: Object.fromEntries(Object.entries(model.constants).map(([k, v]) => [k, String(v)])),
    initialStates: model.initialStates().length,
    branches: branches.map((b) => ({ id: b.id, name: b.name, length: b.steps.length, readOnly: b.readOnly })),
    branch: branch.id,
    position,
    path: encodePath(pathOf(branch.steps.slice(0, position + 1))),
    permalink: encodePermalink(modelIdentity(model), encodePath(pathOf(branch.steps.slice(0, position + 1)))),
    steps: branch.steps.map((step, i) => stepView(model, step, i === 0 ? undefined : branch.steps[i - 1]!, i)),
    state: model.variables.map((name) => ({ name, value: formatValue(current.state[name]), changed: previous !== undefined && formatValue(previous[name]) !== formatValue(current.state[name]), ghost: isGhost(ghosts, name, '') })),
    enabled: expansion.successors.map((s) => ({
      index: s.index,
      label: s.label,
      actor: s.step.actor ?? null,
      changes: diffStates(model.variables, current.state, s.state).flatMap((change) =>
        change.leaves.map((leaf) => ({ variable: `${change.variable}${leaf.path}`, before: formatValue(leaf.before), after: formatValue(leaf.after) })),
      ),
      violates: [
        ...model.def.actionProperties.filter((p) => !p.holds(current.state, s.state)).map((p) => p.name),
        ...model.def.invariants.filter((p) => !p.holds(s.state)).map((p) => p.name),
      ],
      onBranch: s.index === nextIndex,
    })),
    failures: expansion.failures.map((f) => ({ label: f.label, assertion: f.assertion, message: f.message })),
    // A model that does not check deadlock (a liveness model) just stutters there: "No enabled action" says it.
    deadlock: !failed && model.def.checkDeadlock && isDeadlock(model, current.state, expansion),
    properties: propertyViews(model, branch.steps, position, expansion),
    message: failed && message === null ? `This is the partial state left by a failed step (${current.action}): ${failureOf(model, branch.steps, position)?.message ?? 'unknown failure'}` : message,
    messageKind: failed && message === null ? 'warning' : messageKind,
    temporal: (model.def.temporal ?? []).flatMap((p) => p.instances.map((i) => ({ name: i.name, description: p.description ?? null }))),
    loop: branch.lasso?.loop ?? null,
    why: lassoWhy(model, branch),
  };
}

function lassoWhy(model: RuntimeModel<any>, branch: BranchLike): string[] {
  const lasso = branch.lasso;
  if (!lasso?.property) return [];
  const explanation = explainLasso(model, { verdict: 'liveness', property: lasso.property, trace: branch.steps, loop: lasso.loop });
  return explanation ? formatLassoExplanation(explanation) : [];
}

function stepView(model: RuntimeModel<any>, step: PathStep, previous: PathStep | undefined, position: number): StepView {
  // Ghost fields are left out, as in the reports.
  const { ghosts } = presentationOf(model);
  const changes = previous ? diffStates(model.variables, previous.state, step.state).flatMap((c) => c.leaves.filter((leaf) => !isGhost(ghosts, c.variable, leaf.path)).map((leaf) => formatLeaf(c.variable, leaf))) : [];
  const failure = step.index < 0 && previous ? failedStep(model, previous, step) : undefined;
  return { position, label: step.action, actor: step.actor, changes, failure: failure ? failure.message : null, values: plain(step.state) as Record<string, unknown>, source: stepSource(model, step) };
}

/** The failure a failed path step stands for, found again among its parent's failing steps. */
function failedStep(model: RuntimeModel<any>, parent: PathStep, step: PathStep): StepFailure | undefined {
  const failures = expand(model, parent.state).failures;
  return failures[-step.index - 1]?.label === step.action ? failures[-step.index - 1] : failures.find((f) => f.label === step.action);
}

function failureOf(model: RuntimeModel<any>, steps: readonly PathStep[], position: number): StepFailure | undefined {
  return position > 0 ? failedStep(model, steps[position - 1]!, steps[position]!) : undefined;
}

/** Every property kind at the cursor; a step property is judged on the step into the current state. */
function propertyViews(model: RuntimeModel<any>, steps: readonly PathStep[], position: number, expansion: Expansion<any>): PropertyView[] {
  const def = model.def;
  const current = steps[position]!;
  const previous = position > 0 ? steps[position - 1]! : undefined;
  const failure = current.index < 0 ? failureOf(model, steps, position) : undefined;
  const holds = (name: string, kind: PropertyKind): boolean => {
    switch (kind) {
      case 'invariant':
      case 'possible':
        return [...def.invariants, ...def.possibles].find((p) => p.name === name)!.holds(current.state);
      case 'action':
        return previous === undefined || current.index < 0 || def.actionProperties.find((p) => p.name === name)!.holds(previous.state, current.state);
      case 'assertion':
        return failure?.assertion !== name;
      case 'deadlock':
        return current.index < 0 || !isDeadlock(model, current.state, expansion);
    }
  };
  return namedProperties(model).map((p) => ({ ...p, holds: holds(p.name, p.kind) }));
}

/** `file:line` of the action a step took, found among the model's action instances by label. */
export function stepSource(model: RuntimeModel<any>, step: { action: string; actor: string | null }): string | null {
  const name = step.actor && step.action.startsWith(`${step.actor}: `) ? step.action.slice(step.actor.length + 2) : step.action;
  const action = model.def.actions.find((a) => name === a.name || name.startsWith(`${a.name}(`)) ?? model.def.actions.find((a) => name.startsWith(a.name));
  const location = sourceOf(action?.site);
  return location ? `${location.file}:${location.line}` : null;
}
