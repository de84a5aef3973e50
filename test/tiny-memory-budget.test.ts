import test from 'ava';
import { vigil } from './helpers/cli.js';

// A --max-memory too small for the first state: nothing was checked, so the
// verdict is incomplete (153), never "no initial state" (75) or "ok" (0).
for (const engine of [[], ['--workers', '2']]) {
  test(`--max-memory 1K: incomplete, 153 (${engine.length ? '--workers 2' : 'sequential'})`, (t) => {
    const run = vigil(['check', 'twophase', '--max-memory', '1K', ...engine]);
    t.is(run.status, 153, run.stdout);
    t.regex(run.stdout, /^Model checking stopped: Not exhaustive: the memory budget of 1024 bytes is too small for the first state\.$/m);
    t.notRegex(run.stdout, /no state satisfying|No error has been found/);
    t.regex(run.stdout, /^\d+ states generated, 0 distinct states found, 0 states left on queue\.$/m);
  });
}
