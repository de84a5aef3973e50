/**
 * A value another front end has already written in TLA+ (the TLA+ engine's
 * values, shown by the HTML report): printed as is, compared by its text, and
 * changed as a whole (the report's diff does not descend into it).
 */
export class Verbatim {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
