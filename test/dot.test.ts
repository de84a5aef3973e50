import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, ConfigError, exploreStateGraph, prepare, toDot } from '../checker/index.js';
import diehard from '../models/examples/diehard.js';
import twophase from '../models/examples/twophase.js';
import { vigil } from './helpers/cli.js';
import { writeTemp } from './helpers/traces.js';

test('the state graph of diehard: 16 states, 6 steps from each', (t) => {
  const graph = exploreStateGraph(prepare(diehard).runtime);
  t.is(graph.nodes.length, 16);
  t.is(graph.edges.length, 96);
  t.deepEqual(graph.nodes.filter((n) => n.violates.length > 0).map((n) => n.state), [{ big: 4, small: 3 }, { big: 4, small: 0 }]);
  t.deepEqual(graph.nodes.filter((n) => n.initial).map((n) => n.id), [0]);
});

test('DOT marks initial and violating states and highlights the counterexample path', (t) => {
  const dot = toDot(exploreStateGraph(prepare(diehard).runtime), check(diehard).trace);
  t.true(dot.startsWith('digraph "diehard" {\n'));
  t.regex(dot, /^ {2}s0 \[label="big = 0\\lsmall = 0\\l", penwidth=2\.5, style=filled, fillcolor="#ffe3e3"\];$/m);
  t.is([...dot.matchAll(/violates NotSolved\\l/g)].length, 2);
  const highlighted = [...dot.matchAll(/^ {2}(s\d+ -> s\d+) \[label="([^"]+)", color="#c00000"/gm)].map((m) => `${m[1]} ${m[2]}`);
  t.is(highlighted.length, 6);
  t.is(highlighted[0], 's0 -> s2 FillBigJug');
  t.is([...dot.matchAll(/fillcolor=/g)].length, 7, 'the 7 states of the counterexample');
  t.notRegex(toDot(exploreStateGraph(prepare(diehard).runtime)), /penwidth=3/);
});

test('above the size limit the graph is refused with one clear sentence', (t) => {
  const error = t.throws(() => exploreStateGraph(prepare(twophase, { RM: 5 }).runtime), { instanceOf: ConfigError });
  t.is(error!.message, 'the state graph of twophase has more than 2000 states; DOT output is only for small models (try smaller constants)');
  t.throws(() => exploreStateGraph(prepare(diehard).runtime, 10), { message: /more than 10 states/ });
});

test('vigil check --dump-dot writes the graph, or refuses before checking', (t) => {
  const dir = writeTemp('x', '').replace(/x$/, '');
  const small = join(dir, 'diehard.dot');
  const run = vigil(['check', 'diehard', '--dump-dot', small]);
  t.is(run.status, 12);
  t.true(readFileSync(small, 'utf8').startsWith('digraph "diehard" {'));
  const large = join(dir, 'twophase.dot');
  const refused = vigil(['check', 'twophase', '--const', 'RM=5', '--dump-dot', large]);
  t.is(refused.status, 151, refused.stderr);
  t.is(refused.stdout, '');
  t.is(refused.stderr, `vigil: --dump-dot ${large}: the state graph of twophase has more than 2000 states; DOT output is only for small models (try smaller constants)\n`);
  t.false(existsSync(large));
});

test('an assertion counterexample is highlighted up to the failed step node', async (t) => {
  const { default: lostUpdate } = await import('./fixtures/lost-update.js');
  const constants = { variant: 'SPLIT', checkWrite: 'true' };
  const graph = exploreStateGraph(prepare(lostUpdate, constants).runtime);
  const dot = toDot(graph, check(lostUpdate, { constants }).trace);
  const highlighted = [...dot.matchAll(/^ {2}s\d+ -> (s\d+) \[label="([^"]+)", color="#c00000"/gm)];
  t.is(highlighted.length, 4);
  const last = Number(highlighted[3]![1]!.slice(1));
  t.is(graph.nodes[last]!.failure, 'assertion FreshRead failed: W2 read 0, the count is now 1');
});
