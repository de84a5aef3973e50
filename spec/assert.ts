/**
 * Step assertions: `assert(cond, 'S7')` inside an action's effect. A false
 * condition ends the search with verdict `assertion` (exit 14), naming the
 * assertion and the step that raised it.
 */
export class AssertionViolation extends Error {
  constructor(
    readonly property: string,
    readonly detail?: string,
  ) {
    super(detail ? `assertion ${property} failed: ${detail}` : `assertion ${property} failed`);
    this.name = 'AssertionViolation';
  }
}

export function assert(condition: boolean, property: string, detail?: string): asserts condition {
  if (!condition) throw new AssertionViolation(property, detail);
}
