import { formatValue } from '../state/format-value.js';
import type { RuntimeModel } from '../runtime-model.js';
import { diffStates, formatLeaf } from '../state/state-diff.js';
import { encodePath, pathOf, type PathStep } from './path.js';
import { expand, isDeadlock } from './successors.js';

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
  readonly steps: readonly StepView[];
  readonly state: readonly { readonly name: string; readonly value: string; readonly changed: boolean }[];
  readonly enabled: readonly EnabledView[];
  readonly failures: readonly { readonly label: string; readonly assertion: string | null; readonly message: string }[];
  readonly deadlock: boolean;
  readonly properties: readonly PropertyView[];
  readonly message: string | null;
}

export interface StepView {
  readonly position: number;
  readonly label: string;
  readonly actor: string | null;
  /** `big = 5`, `T[1].pc = "second"`: what this step changed. */
  readonly changes: readonly string[];
}

export interface EnabledView {
  /** The successor index: what `take` expects. */
  readonly index: number;
  readonly label: string;
  readonly actor: string | null;
  readonly changes: readonly { readonly variable: string; readonly before: string; readonly after: string }[];
  /** Action properties this step would violate. */
  readonly violates: readonly string[];
  /** This is the step the current branch takes next. */
  readonly onBranch: boolean;
}

export interface PropertyView {
  readonly name: string;
  readonly kind: 'invariant' | 'possible';
  readonly description: string | null;
  readonly holds: boolean;
}

interface BranchLike {
  readonly id: number;
  readonly name: string;
  readonly steps: readonly PathStep[];
  readonly readOnly: boolean;
}

export function sessionView(model: RuntimeModel<any>, branches: readonly BranchLike[], branch: BranchLike, position: number, message: string | null): SessionView {
  const current = branch.steps[position]!;
  const previous = position > 0 ? branch.steps[position - 1]!.state : undefined;
  const failed = current.index < 0;
  const expansion = failed ? { successors: [], failures: [] } : expand(model, current.state);
  const nextIndex = branch.steps[position + 1]?.index;
  return {
    model: model.name,
    // Shown like `vigil check`'s header (unquoted).
    constants: Object.fromEntries(Object.entries(model.constants).map(([k, v]) => [k, String(v)])),
    initialStates: model.initialStates().length,
    branches: branches.map((b) => ({ id: b.id, name: b.name, length: b.steps.length, readOnly: b.readOnly })),
    branch: branch.id,
    position,
    path: encodePath(pathOf(branch.steps.slice(0, position + 1))),
    steps: branch.steps.map((step, i) => stepView(model, step, i === 0 ? undefined : branch.steps[i - 1]!, i)),
    state: model.variables.map((name) => ({ name, value: formatValue(current.state[name]), changed: previous !== undefined && formatValue(previous[name]) !== formatValue(current.state[name]) })),
    enabled: expansion.successors.map((s) => ({
      index: s.index,
      label: s.label,
      actor: s.step.actor ?? null,
      changes: diffStates(model.variables, current.state, s.state).flatMap((change) =>
        change.leaves.map((leaf) => ({ variable: `${change.variable}${leaf.path}`, before: formatValue(leaf.before), after: formatValue(leaf.after) })),
      ),
      violates: model.def.actionProperties.filter((p) => !p.holds(current.state, s.state)).map((p) => p.name),
      onBranch: s.index === nextIndex,
    })),
    failures: expansion.failures.map((f) => ({ label: f.label, assertion: f.assertion, message: f.message })),
    deadlock: !failed && isDeadlock(model, current.state, expansion),
    properties: propertyViews(model, current.state),
    message: failed ? `This is the partial state left by a failed step (${current.action}).` : message,
  };
}

function stepView(model: RuntimeModel<any>, step: PathStep, previous: PathStep | undefined, position: number): StepView {
  const changes = previous ? diffStates(model.variables, previous.state, step.state).flatMap((c) => c.leaves.map((leaf) => formatLeaf(c.variable, leaf))) : [];
  return { position, label: step.action, actor: step.actor, changes };
}

function propertyViews(model: RuntimeModel<any>, state: Readonly<Record<string, unknown>>): PropertyView[] {
  const def = model.def;
  return [
    ...def.invariants.map((p) => ({ name: p.name, kind: 'invariant' as const, description: p.description ?? null, holds: p.holds(state) })),
    ...def.possibles.map((p) => ({ name: p.name, kind: 'possible' as const, description: p.description ?? null, holds: p.holds(state) })),
  ];
}
