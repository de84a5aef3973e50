import { parentPort, workerData } from 'node:worker_threads';

/**
 * Worker entry of timed-import.ts: imports one module and says "loaded". A module
 * that loops at import never gets here, and the parent terminates this thread; one
 * whose top-level await never settles lets this thread exit without a message.
 */
const { url } = workerData as { url: string };
if (/\.m?ts$/.test(url)) await import('./register.js');
try {
  await import(url);
  parentPort!.postMessage('loaded');
} catch {
  // The parent imports the module itself and reports the error in its own words.
  parentPort!.postMessage('failed');
}
