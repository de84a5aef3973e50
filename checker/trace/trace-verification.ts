import type { ActionPropertyDef, StatePropertyDef } from '../../spec/definitions.js';
import type { Finding } from '../search/outcome.js';
import { Fingerprinter } from '../state/fingerprint.js';
import { formatValue } from '../state/format-value.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { TraceStep } from './trace.js';
import type { SymmetryReduction } from '../symmetry/canonicalizer.js';

/**
 * Counterexamples are rebuilt by re-executing the model and taking successors by
 * position. If the model is not deterministic (an effect reads Math.random or a
 * clock, or wrote to a current state that the audit did not sample), the rebuilt
 * path is not the one the search took, and the trace would silently show
 * something else. So every rebuilt state on the stored chain must have its
 * fingerprint in the search's visited set, and the last state must really break
 * the property the search reported.
 */
export interface TraceVerification {
  /** True if this fingerprint is in the search's visited set. */
  /** `extra` is the third lane of a 96-bit fingerprint; 64-bit tables ignore it. */
  stored(hi: number, lo: number, extra: number): boolean;
  /** Under symmetry the search stored the orbit representative's fingerprint: canonicalize first. */
  readonly symmetry?: SymmetryReduction | null;
}

/** The model gave different successors on re-execution (exit 75); `steps` is the trace up to there. */
export class NondeterministicModel extends Error {
  constructor(
    message: string,
    readonly steps: TraceStep[],
  ) {
    super(message);
  }
}

export function nondeterminismMessage(action: string, from: unknown, detail: string): string {
  return `the model is not deterministic: action ${action} from state ${formatValue(from)} gave different successors when the trace was rebuilt (${detail})`;
}

/** Checks that a rebuilt state was stored by the search. */
export class StoredStateCheck {
  private readonly fingerprint = new Fingerprinter();
  private readonly words: Int32Array;
  private readonly representative: Int32Array;

  constructor(
    private readonly model: RuntimeModel<any>,
    private readonly verification: TraceVerification,
  ) {
    this.words = new Int32Array(model.codec.words);
    this.representative = new Int32Array(model.codec.words);
  }

  isStored(state: object): boolean {
    try {
      this.model.codec.encode(state, this.words, 0);
    } catch {
      return false; // out of its type now: certainly not what the search stored
    }
    let words = this.words;
    if (this.verification.symmetry) {
      this.verification.symmetry.canonicalize(this.words, 0, this.representative);
      words = this.representative;
    }
    this.fingerprint.computeWide(words, 0, words.length);
    return this.verification.stored(this.fingerprint.hi, this.fingerprint.lo, this.fingerprint.extra);
  }
}

/** Throws NondeterministicModel when the rebuilt trace's last step does not break the finding's property. */
export function confirmFinding(model: RuntimeModel<any>, finding: Finding, steps: TraceStep[]): void {
  if (steps.length < 2 || finding.property === null) return;
  const last = steps[steps.length - 1]!;
  const before = steps[steps.length - 2]!;
  if (finding.verdict === 'invariant') {
    const invariant = model.def.invariants.find((inv: StatePropertyDef<any>) => inv.name === finding.property);
    if (invariant && holdsQuietly(() => invariant.holds(last.state))) {
      throw new NondeterministicModel(nondeterminismMessage(last.action, before.state, `the rebuilt state satisfies invariant ${finding.property}, which the search found violated`), steps);
    }
  } else if (finding.verdict === 'action') {
    const property = model.def.actionProperties.find((p: ActionPropertyDef<any>) => p.name === finding.property);
    if (property && holdsQuietly(() => property.holds(before.state, last.state))) {
      throw new NondeterministicModel(nondeterminismMessage(last.action, before.state, `the rebuilt step satisfies action property ${finding.property}, which the search found violated`), steps);
    }
  }
}

function holdsQuietly(predicate: () => boolean): boolean {
  try {
    return predicate();
  } catch {
    return false;
  }
}
