import { Worker } from 'node:worker_threads';
import { SpecLoadError } from '../errors.js';

/** Default of `--load-timeout`: generous for a model that reads files at import, short enough for CI. */
export const DEFAULT_LOAD_TIMEOUT_MS = 30_000;

/**
 * Imports a user's model module in bounded time. JavaScript cannot interrupt a
 * module that loops at import, so the module is first imported in a worker thread,
 * which can be terminated when `timeoutMs` passes; only a module that loaded there
 * is imported here. A top-level await that never settles ends the worker without
 * a result (its event loop empties), and is caught here too should the second
 * import behave differently. Either way: one line, exit 150, never a silent exit 0.
 */
export async function importWithinTime(url: string, label: string, timeoutMs: number): Promise<unknown> {
  await probeInWorker(url, label, timeoutMs);
  return importUnlessStuck(url, label);
}

function probeInWorker(url: string, label: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-probe.js', import.meta.url), { workerData: { url }, stdout: true, stderr: true });
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new SpecLoadError(`model ${label} did not finish loading within ${timeoutMs / 1000} s (does it loop at import? --load-timeout SECONDS allows more)`)),
      timeoutMs,
    );
    worker.once('message', () => finish());
    // A failure inside the probe is reported by the import in this thread, in the usual words.
    worker.once('error', () => finish());
    worker.once('exit', () => finish(neverSettles(label)));
  });
}

/** The import, or a rejection when the event loop empties while it is still pending. */
async function importUnlessStuck(url: string, label: string): Promise<unknown> {
  let onDrained: (() => void) | undefined;
  const drained = new Promise<never>((_, reject) => {
    onDrained = () => reject(neverSettles(label));
    process.once('beforeExit', onDrained);
  });
  try {
    return await Promise.race([import(url), drained]);
  } finally {
    process.off('beforeExit', onDrained!);
  }
}

function neverSettles(label: string): SpecLoadError {
  return new SpecLoadError(`model ${label} did not finish loading: its top-level await never settles`);
}
