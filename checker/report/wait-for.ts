import { formatValue } from '../state/format-value.js';
import type { RuntimeModel } from '../runtime-model.js';
import { recordReads } from './explain.js';
import { presentationOf } from './presentation-view.js';

/**
 * Why nothing is enabled in a deadlocked state: for each actor that is in the
 * middle of something (its program counter is not its start label), the step it
 * is at and what its false guard waits for. A guard that reads what a track
 * reads is said in the track's words ("memory_lock held by V (r)"); otherwise
 * the variables the guard read, with their values.
 */
export interface Waiting {
  readonly actor: string;
  /** The title of the step the actor is at. */
  readonly step: string;
  /** `memory_lock held by V (r)`, `status = "SUSPENDING"`. */
  readonly waitsFor: string;
}

export function waitsFor(model: RuntimeModel<any>, state: Readonly<Record<string, unknown>>): Waiting[] {
  const tracks = presentationOf(model).tracks.map((track) => ({ track, reads: recordReads([state], ([s]) => track.value(s!)) }));
  const waiting: Waiting[] = [];
  const seen = new Set<string>();
  for (const step of model.stepsOf(state as never)) {
    const at = step.action.at;
    if (!at || !step.actor || seen.has(step.actor)) continue;
    const pc = pcOf(state, at.variable, at.id);
    if (pc !== at.label || pc === startLabel(model, at.variable, at.id)) continue;
    seen.add(step.actor);
    const reads = recordReads([state], ([s]) => step.action.when?.(s!, step.params)).filter((v) => v !== at.variable);
    const byTrack = tracks.filter((t) => t.reads.some((v) => reads.includes(v)));
    const words = byTrack.length
      ? byTrack.map(({ track }) => describeTrack(track.name, track.kind, safe(() => track.value(state))))
      : reads.map((v) => (processVariables(model).has(v) ? actorsAt(model, state, v) : `${v} = ${formatValue(state[v])}`));
    waiting.push({ actor: step.actor, step: step.action.name, waitsFor: words.join(', ') || 'a guard that is false' });
  }
  return waiting;
}

/** `V waits at "fault: resume" for memory_lock held by U1 (w)`: one line per actor. */
export function formatWaiting(waiting: readonly Waiting[]): string[] {
  return waiting.map((w) => `${w.actor} waits at "${w.step}" for ${w.waitsFor}`);
}

function describeTrack(name: string, kind: string, value: unknown): string {
  if (kind === 'holders') {
    const holders = Array.isArray(value) ? value.map(String) : [];
    return holders.length ? `${name} held by ${holders.join(', ')}` : `${name} (free)`;
  }
  return `${name} = ${formatValue(value)}`;
}

function pcOf(state: Readonly<Record<string, unknown>>, variable: string, id: unknown): unknown {
  const process = state[variable] as Record<string, any>;
  return id === null ? process?.pc : process?.[String(id)]?.pc;
}

/** The label an actor starts at (its idle label): the initial state's pc. */
function startLabel(model: RuntimeModel<any>, variable: string, id: unknown): unknown {
  const initial = model.initialStates()[0];
  return initial ? pcOf(initial, variable, id) : undefined;
}

function safe(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return null;
  }
}

function processVariables(model: RuntimeModel<any>): Set<string> {
  return new Set(model.def.actions.flatMap((a) => (a.at ? [a.at.variable] : [])));
}

/** `U1 at U_rpm_wait`: the actors of a process variable that are not at their start label. */
function actorsAt(model: RuntimeModel<any>, state: Readonly<Record<string, unknown>>, variable: string): string {
  const value = state[variable] as Record<string, any>;
  const ids = typeof value?.pc === 'string' ? [null] : Object.keys(value ?? {});
  const busy = ids.filter((id) => pcOf(state, variable, id) !== startLabel(model, variable, id)).map((id) => `${variable}${id ?? ''} at ${pcOf(state, variable, id)}`);
  return busy.length ? busy.join(', ') : `every ${variable} idle`;
}
