import test from 'ava';
import { vigil } from './helpers/cli.js';

// When A and B both throw, the first failure (A) is the finding; rebuilding its
// trace must not run into B (issue 23: "internal error: action B failed", 255).
const model = 'dist/test/fixtures/two-throwing.js';

for (const engine of [[], ['--workers', '2']]) {
  test(`two throwing actions: exit 75 naming the first, A (${engine.length ? '--workers 2' : 'sequential'})`, (t) => {
    const run = vigil(['check', model, ...engine]);
    t.is(run.status, 75, run.stderr);
    t.is(run.stderr, 'vigil: action A: A broke (in state [n |-> 1])\n');
    t.regex(run.stdout, /State 3: <A>\n\/\\ n = 1\n/);
  });
}
