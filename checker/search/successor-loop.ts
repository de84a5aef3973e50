import type { ActionDef } from '../../spec/definitions.js';
import type { ScratchState } from '../state/codec.js';
import type { FailureHandler, StepRef } from '../runtime-model.js';

/**
 * The successor loop, generated once per model: straight-line code with one call
 * site per action for its guard and one for its effect, instead of a generic loop
 * that calls every action's closures from the same two sites.
 *
 * Why: a call site that only ever sees one closure is monomorphic, so V8 inlines a
 * small guard or effect into the loop; the generic loop's sites see every action's
 * closures and stay megamorphic (an indirect call per action instance, which was a
 * quarter of a two-phase run). The order of steps, and so successor numbering, is
 * exactly the order of `def.actions` and of each action's parameter combinations.
 *
 * Large models are split into several generated functions (CHUNK actions each):
 * V8 does not optimise a function past a bytecode size limit.
 */
export interface LoopSlot {
  readonly action: ActionDef<any>;
  /** Preallocated steps for static parameters; undefined when they depend on the state. */
  readonly steps: readonly StepRef[] | undefined;
  /** Process steps: the index of the actor's pc path in `pcPaths`, and the label it must be at. */
  readonly actor: number;
  readonly atLabel: string;
}

/**
 * Called with the draft of each successor. Returning true promises that the draft
 * equals the current state again (the expander's encodeAndRestore does that), so the
 * next step needs no copy of the current state.
 */
export type SuccessorVisitor<S> = (next: S, step: StepRef) => boolean | void;

export type SuccessorLoop<S> = (current: S, draft: ScratchState<S>, visit: SuccessorVisitor<S>, onFailure: FailureHandler | undefined) => number;

/** What the generated code calls back into (kept out of the generated text). */
export interface LoopRuntime {
  /** The steps of an action whose parameters are a function of the state (throws ActionFailure). */
  dynamicSteps(action: ActionDef<any>, current: unknown): StepRef[];
  /** Wraps an exception from a guard or effect. */
  failure(step: StepRef, cause: unknown, partial: unknown): Error;
  /** Records which action (index in def.actions) is producing successors: coverage reads it. */
  setFiringSlot(slot: number): void;
}

/** Carries "the draft equals the current state" from one generated chunk to the next. */
interface DraftStatus {
  clean: boolean;
}

/**
 * Actions per generated function. Besides V8's size limit: an optimised chunk is
 * deoptimised whenever one of its actions runs for the first time ("insufficient
 * type feedback for call"), which keeps happening as a search reaches new kinds of
 * state, and each re-optimisation costs in proportion to the chunk's size. On the
 * vfio-pm row 1 configuration with sriov=0, 8 instead of 24 took the single engine
 * from 15.00/14.44/14.09 to 14.77/14.29/13.81 s of CPU and `--cluster local:2` from
 * 11.7/11.4 to 10.6/10.1 s (each worker re-optimises on its own); 4 was no better.
 * On full.yaml row 1 itself (a minute) the difference is within the noise.
 */
const CHUNK = 8;

export function compileSuccessorLoop<S>(slots: readonly LoopSlot[], pcPaths: readonly string[], runtime: LoopRuntime): SuccessorLoop<S> {
  const status: DraftStatus = { clean: false };
  const chunks: SuccessorLoop<S>[] = [];
  for (let first = 0; first < slots.length; first += CHUNK) {
    chunks.push(compileChunk<S>(slots, first, Math.min(slots.length, first + CHUNK), pcPaths, runtime, status));
  }
  return (current, draft, visit, onFailure) => {
    status.clean = false;
    let produced = 0;
    for (let i = 0; i < chunks.length; i++) produced += chunks[i]!(current, draft, visit, onFailure);
    return produced;
  };
}

function compileChunk<S>(
  slots: readonly LoopSlot[],
  first: number,
  end: number,
  pcPaths: readonly string[],
  runtime: LoopRuntime,
  status: DraftStatus,
): SuccessorLoop<S> {
  const used = new Set<number>();
  for (let i = first; i < end; i++) if (slots[i]!.actor >= 0) used.add(slots[i]!.actor);
  const pcReads = [...used].map((actor) => `const pc${actor} = current${pcPaths[actor]};`);
  const bodies: string[] = [];
  for (let i = first; i < end; i++) bodies.push(slotSource(i, slots[i]!, pcPaths));
  // Each action's closures as constants of the generated code: one known target per call site.
  const hoisted: string[] = [];
  for (let i = first; i < end; i++) {
    const slot = slots[i]!;
    if (isInlinedProcessStep(slot)) {
      hoisted.push(`const P${i} = A[${i}].processStep;`, `const UW${i} = P${i}.when;`, `const UB${i} = P${i}.body;`, `const SELF${i} = P${i}.self;`, `const FT${i} = P${i}.fallThrough;`);
    } else {
      if (slot.action.when !== undefined) hoisted.push(`const W${i} = A[${i}].when;`);
      hoisted.push(`const E${i} = A[${i}].effect;`);
    }
    hoisted.push(`const S${i} = S[${i}];`);
  }
  const source = `"use strict";
${hoisted.join('\n')}
return function successorLoop(current, draft, visit, onFailure) {
  const D = draft.state;
  const copy = draft.copy;
  let produced = 0;
  let clean = T.clean;
  ${pcReads.join('\n  ')}
${bodies.join('\n')}
  T.clean = clean;
  return produced;
};`;
  const factory = new Function('A', 'S', 'R', 'T', source) as (
    actions: readonly ActionDef<any>[],
    steps: readonly (readonly StepRef[] | undefined)[],
    runtime: LoopRuntime,
    status: DraftStatus,
  ) => SuccessorLoop<S>;
  return factory(
    slots.map((slot) => slot.action),
    slots.map((slot) => slot.steps),
    runtime,
    status,
  );
}

/**
 * A process step whose pc the loop tests itself: the user's guard and body are
 * called directly (their own call sites) and the goto is written here, instead of
 * through the wrappers process.ts builds, whose shared call sites see every step.
 */
function isInlinedProcessStep(slot: LoopSlot): boolean {
  return slot.actor >= 0 && slot.action.processStep !== undefined;
}

/** The guard and effect of one step, as source: `enabled` ends true when it produced a successor. */
function stepSource(index: number, slot: LoopSlot, pcPaths: readonly string[]): { guard: string; effect: string } {
  if (!isInlinedProcessStep(slot)) {
    return {
      guard: slot.action.when !== undefined ? `W${index}(current, p)` : 'true',
      effect: `enabled = E${index}(D, p, current) !== false;`,
    };
  }
  const parts = slot.action.processStep!;
  const body = parts.body !== undefined ? `UB${index}(D, SELF${index}, p, current)` : 'undefined';
  return {
    guard: parts.when !== undefined ? `UW${index}(current, SELF${index}, p)` : 'true',
    effect: `const target = ${body};
          if (target !== false) {
            let goto = FT${index};
            if (target !== undefined && target !== null) {
              if (!P${index}.labels.has(target)) throw P${index}.badGoto(target);
              goto = target;
            }
            D${pcPaths[slot.actor]} = goto;
            enabled = true;
          }`,
  };
}

/** One action: its pc test, its steps, and per step guard, copy, effect, visit. */
function slotSource(index: number, slot: LoopSlot, pcPaths: readonly string[]): string {
  const { guard, effect } = stepSource(index, slot, pcPaths);
  const stepsSource =
    slot.steps !== undefined
      ? `const steps = S${index};`
      : `let steps;
    try { steps = R.dynamicSteps(A[${index}], current); }
    catch (failure) { if (onFailure !== undefined && onFailure(failure)) break slot${index}; throw failure; }`;
  const body = `
    R.setFiringSlot(${index});
    ${stepsSource}
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k];
      const p = step.params;
      let enabled = false;
      try {
        if (${guard}) {
          if (!clean) copy(current);
          clean = false;
          ${effect}
        }
      } catch (cause) {
        const failure = R.failure(step, cause, D);
        if (onFailure !== undefined && onFailure(failure)) continue;
        throw failure;
      }
      if (enabled) {
        produced++;
        clean = visit(D, step) === true;
      }
    }`;
  const test = slot.actor >= 0 ? `pc${slot.actor} === ${JSON.stringify(slot.atLabel)}` : 'true';
  return `  slot${index}: if (${test}) {${body}
  }`;
}
