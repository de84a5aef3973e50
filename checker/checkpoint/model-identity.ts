import { createHash } from 'node:crypto';
import type { SearchOptions } from '../search/bfs.js';
import type { RuntimeModel } from '../runtime-model.js';
import { vigilVersion } from '../version.js';

/**
 * What a snapshot must agree on with the run that resumes it. Counts, states and
 * trace links mean nothing under another model, other constants, other checked
 * properties or another state encoding, so any difference refuses the resume.
 * Budgets (depth, memory, time) and the number of workers may change.
 */
export interface ModelIdentity {
  readonly model: string;
  readonly constants: Readonly<Record<string, unknown>>;
  readonly engine: 'sequential' | 'parallel';
  readonly invariants: readonly string[];
  readonly checkDeadlock: boolean;
  readonly continueAfterViolation: boolean;
  readonly stateWords: number;
  /** The symmetric sets and the canonical form (null: no reduction); a reduced search stores orbits, not states. */
  readonly symmetry: string | null;
  /** SHA-256 of the model definition as built: schema, and the source text of every action, property and initial-state function. */
  readonly definitionHash: string;
  /** SHA-256 of the model module and the local modules it imports (module-tree.ts), when the caller knows the file (null for a registered model). */
  readonly sourceHash: string | null;
  /** The vigil-mc version: another engine may encode, order or count differently (and a registered model is its source). */
  readonly vigilVersion: string;
}

type Settings = Pick<SearchOptions, 'invariants' | 'checkDeadlock' | 'continueAfterViolation' | 'symmetry'>;

export function modelIdentity(
  runtime: RuntimeModel<any>,
  settings: Settings,
  engine: ModelIdentity['engine'],
  sourceHash: string | null,
): ModelIdentity {
  return {
    model: runtime.name,
    constants: { ...runtime.constants },
    engine,
    invariants: settings.invariants.map((inv) => inv.name),
    checkDeadlock: settings.checkDeadlock,
    continueAfterViolation: settings.continueAfterViolation,
    stateWords: runtime.codec.words,
    symmetry: settings.symmetry ? describeSymmetry(settings.symmetry) : null,
    definitionHash: createHash('sha256').update(describe(runtime.def)).digest('hex'),
    sourceHash,
    vigilVersion: vigilVersion(),
  };
}

function describeSymmetry(reduction: NonNullable<Settings['symmetry']>): string {
  const { sets, method } = reduction.info;
  return `${sets.map((set) => `${set.name}:${set.size}`).join(',')} ${method}`;
}

/** The first field where a saved identity differs from the current one, as a phrase; null when they agree. */
export function identityDifference(saved: unknown, current: ModelIdentity): string | null {
  if (typeof saved !== 'object' || saved === null) return 'it records no model identity';
  const old = saved as Record<string, unknown>;
  for (const field of Object.keys(current) as (keyof ModelIdentity)[]) {
    const was = stable(old[field]);
    const now = stable(current[field]);
    if (was !== now) return `${field} differs: the snapshot has ${clip(was)}, this run has ${clip(now)}`;
  }
  return null;
}

/** A deterministic text of a value graph: functions by their source, object keys sorted, cycles cut. */
function describe(root: unknown): string {
  const parts: string[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value === 'function') {
      parts.push(`fn:${String(value)}`);
      return;
    }
    if (typeof value !== 'object' || value === null) {
      parts.push(`${typeof value}:${String(value)}`);
      return;
    }
    if (seen.has(value)) {
      parts.push('seen');
      return;
    }
    seen.add(value);
    if (value instanceof Map || value instanceof Set) {
      parts.push(value instanceof Map ? 'map[' : 'set[');
      for (const entry of value) visit(entry);
      parts.push(']');
      return;
    }
    parts.push('{');
    for (const key of Object.keys(value).sort()) {
      // Where a declaration was made (spec/source-location.ts) holds the builder's call stack,
      // which depends on who built the model; it is for reports, not part of the definition.
      if (key === 'site') continue;
      parts.push(`${key}=`);
      visit((value as Record<string, unknown>)[key]);
    }
    parts.push('}');
  };
  visit(root);
  return parts.join('\n');
}

function stable(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
