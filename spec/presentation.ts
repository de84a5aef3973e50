/**
 * How a model asks to be shown, separate from what it means: nothing here is
 * read by the search. Reports, the explorer and `--format story` use it to cut
 * noise (ghost fields, folded runs of steps) and to draw what kernel races are
 * about (who holds which lock, how a count drifts) beside the lanes.
 */
export type TrackKind =
  /** The actors holding something (a lock): `['V']`, `['U1 (w)']`; drawn as held-bars in their lanes. */
  | 'holders'
  /** A number along the trace (a usage count); drawn as a step line. */
  | 'count'
  /** A value from a small set (power state); drawn as coloured bands. */
  | 'band';

export interface TrackDef<S> {
  readonly name: string;
  readonly kind: TrackKind;
  readonly value: (s: Readonly<S>) => unknown;
}

/**
 * A run of steps shown as one row until unfolded: the first step matches `start`,
 * the run continues with steps of the same actor, and ends at the first one that
 * matches `end` (labels without the actor prefix).
 */
export interface FoldDef {
  readonly title: string;
  readonly start: RegExp;
  readonly end: RegExp;
}

export interface Presentation<S> {
  readonly tracks: readonly TrackDef<S>[];
  /** One line per lane: `W` → `pm_runtime_work`. */
  readonly legends: Readonly<Record<string, string>>;
  /**
   * Fields hidden by default (ghosts, bookkeeping): a variable (`openRef`), a
   * process local in every actor (`*.pc`), or in one family (`U.ret`).
   */
  readonly ghosts: readonly string[];
  readonly folds: readonly FoldDef[];
}

export function emptyPresentation<S>(): Presentation<S> {
  return { tracks: [], legends: {}, ghosts: [], folds: [] };
}

/**
 * A changed field's name without actor ids: `U[1].pc` → `U.pc`, `C.ret` → `C.ret`,
 * `usage` → `usage`, so ghost patterns can be matched against it.
 */
export function fieldPattern(variable: string, path: string): string {
  const rest = path.replace(/\[[^\]]*\]/g, '');
  return `${variable}${rest}`;
}

export function isGhost(ghosts: readonly string[], variable: string, path: string): boolean {
  const field = fieldPattern(variable, path);
  const local = field.includes('.') ? field.slice(field.indexOf('.')) : null;
  return ghosts.some((ghost) => ghost === field || ghost === variable || (local !== null && ghost === `*${local}`));
}
