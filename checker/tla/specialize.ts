/**
 * Per-node copies of a closure factory, so that V8 optimises each node's closure
 * on its own. Closures made by one function literal share their feedback and
 * their optimised code: every application node's closure calls "its argument's
 * closure" through one megamorphic call site, and nothing is inlined. A copy
 * compiled from the same source (our own, never the spec's) is a new function
 * literal: its call sites see one callee each, which V8 inlines.
 *
 * The source is the factory's own text (Function.prototype.toString); the names
 * it uses from its module are passed in `env` (a function, read at the first
 * copy). A name missing from `env` is a ReferenceError when the copy runs
 * (every factory runs in the TLA+ tests). A unique comment per copy keeps V8's
 * compilation cache from handing back a shared function. Where code generation
 * from strings is disallowed, the factory itself is used.
 */

let copies = 0;

export function specializer<F extends (...args: never[]) => unknown>(factory: F, env: () => Readonly<Record<string, unknown>>): F {
  const source = factory.toString();
  let names: string[] | null = null;
  let values: unknown[] = [];
  let usable = true;
  return ((...args: Parameters<F>) => {
    if (!usable) return factory(...args);
    // Read at the first copy: the modules it names are initialised by then (imports are circular).
    if (names === null) {
      const bound = env();
      names = Object.keys(bound);
      values = names.map((n) => bound[n]);
    }
    let copy: F;
    try {
      // The URL names the factory in profiles and stack traces.
      copy = new Function(...names, `/* copy ${copies++} */ return (${source});\n//# sourceURL=vigil-copy:${factory.name}`)(...values) as F;
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      usable = false;
      return factory(...args);
    }
    return copy(...args);
  }) as F;
}
