/**
 * Long synchronous work written as a generator that yields at safe points (every
 * few thousand states or steps): run it to the end at once, or in slices that
 * give the event loop a turn, so a signal handler can set a StopRequest.
 */
export function runToEnd<T>(work: Generator<void, T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Runs `work`, yielding to the event loop about every `sliceMs`. */
export async function runInSlices<T>(work: Generator<void, T>, sliceMs = 100): Promise<T> {
  let sliceEnds = Date.now() + sliceMs;
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (Date.now() < sliceEnds) continue;
    await new Promise((resolve) => setImmediate(resolve));
    sliceEnds = Date.now() + sliceMs;
  }
}
