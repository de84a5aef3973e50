import { StopRequest } from '../search/stop-request.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * While a check runs: the first SIGINT or SIGTERM asks the search to stop (it
 * then reports what it has, verdict incomplete); a second one quits at once with
 * the shell's usual 128 + signal number.
 */
export function stopOnSignals(): { readonly stop: StopRequest; dispose(): void } {
  const stop = new StopRequest();
  const handler = (signal: NodeJS.Signals) => {
    if (stop.requested) process.exit(signal === 'SIGINT' ? 130 : 143);
    stop.request(signal);
    process.stderr.write(`vigil: ${signal} received: stopping and reporting what was checked (send it again to quit at once)\n`);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  // After a first signal the run is only reporting: a second one still quits with 130/143
  // through process.exit (so exit-time cleanup runs), not by the default signal death.
  const quit = (signal: NodeJS.Signals) => process.exit(signal === 'SIGINT' ? 130 : 143);
  const dispose = () => {
    SIGNALS.forEach((signal) => process.off(signal, handler));
    if (stop.requested) SIGNALS.forEach((signal) => process.once(signal, quit));
  };
  return { stop, dispose };
}
