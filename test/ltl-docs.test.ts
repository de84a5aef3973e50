import test from 'ava';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot, vigil } from './helpers/cli.js';

// docs/liveness-ltl.md: every `$ vigil ...` block is run and its output compared; every ts block is the example's source.
const doc = readFileSync(resolve(repoRoot, 'docs/liveness-ltl.md'), 'utf8');
const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));

test('every command block in docs/liveness-ltl.md prints what the page shows, and exits 13', (t) => {
  const commands = blocks.filter((b) => b.text.startsWith('$ vigil '));
  t.is(commands.length, 2);
  for (const block of commands) {
    const [command, ...expected] = block.text.split('\n');
    const args = command!.slice('$ vigil '.length).split(' ');
    const run = vigil(args);
    t.is(run.status, 13, command);
    t.true(run.stdout.includes(expected.join('\n')), `${command}\n${run.stdout}`);
  }
});

test('the properties the page says hold do hold (exit 0)', (t) => {
  for (const property of ['Responds', 'GrantOnlyOnRequest', 'WeakUntil']) {
    t.is(vigil(['check', 'models/examples/request-grant.ts', '--const', `property=${property}`]).status, 0, property);
  }
});

test('the code on the page is the example model, verbatim', (t) => {
  const source = readFileSync(resolve(repoRoot, 'models/examples/request-grant.ts'), 'utf8');
  const code = blocks.filter((b) => b.lang === 'ts');
  t.is(code.length, 1);
  for (const block of code) t.true(source.includes(block.text), block.text);
});
