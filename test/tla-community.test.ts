import test, { type ExecutionContext } from 'ava';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { repoRoot, vigil } from './helpers/cli.js';

/** The community modules TLC ships (BagsExt, SVG, Json, CSV, DyadicRationals) and TLC's Apalache module, on specs written for the project. */

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

/** A fresh folder holding copies of the fixture's .tla and .cfg (specs that write files write them there). */
function copied(t: ExecutionContext, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const ext of ['.tla', '.cfg']) copyFileSync(fixture(name + ext), join(dir, name + ext));
  return dir;
}

/** Distinct, generated and depth of a spec whose search must end without a violation. */
async function okCounts(t: ExecutionContext, spec: string): Promise<number[]> {
  const model = await loadTlaModel(spec.startsWith('/') ? spec : fixture(spec));
  const result = searchTla(model);
  t.is(result.verdict, 'ok', result.message);
  return [result.distinct, result.generated, result.depth];
}

test('BagsExtOps: BagAdd, BagRemove, FoldBag and the others compute as BagsExt defines them (each an ASSUME), and a search over bags counts 6 distinct, 13 generated, depth 3', async (t) => {
  // TLC gives the same counts. Before: `community module BagsExt` refused; and EmptyBag was a function value unequal to the empty bag BagRemove leaves (7 distinct, 15 generated).
  t.deepEqual(await okCounts(t, 'BagsExtOps.tla'), [6, 13, 3]);
});

test('ApalacheOps: the Apalache module as TLC reads its definitions (Gen, Guess, FunAsSeq, SetAsFun, ApaFoldSet... each an ASSUME), and `:=` assigns in Init and Next: 4 distinct, 4 generated, depth 3', async (t) => {
  // Before: `cannot find module Apalache` (exit 150).
  t.deepEqual(await okCounts(t, 'ApalacheOps.tla'), [4, 4, 3]);
});

test('TlcLevel: TLCGet("level") is 0 in ASSUME and Init, then the level of the state looked at (Next, invariant, CONSTRAINT, ACTION_CONSTRAINT); TLCGet("config") is [mode |-> "bfs", deadlock, worker]: 4 distinct, 5 generated, depth 4', async (t) => {
  // TLC gives the same counts. Before: `TLCGet("level") is not supported.` (exit 75).
  t.deepEqual(await okCounts(t, 'TlcLevel.tla'), [4, 5, 4]);
});

test('TlcLevel with --workers 2: TLCGet("config").worker is 2, so the spec\'s ASSUME ... worker = 1 is false (exit 10), as with TLC -workers 2', (t) => {
  const r = vigil(['check', fixture('TlcLevel.tla'), '--workers', '2']);
  t.is(r.status, 10);
  // TLC -workers 2 on this file: the same line.
  t.regex(r.stdout + r.stderr, /Assumption line 9, col 8 to line 9, col 104 of module TlcLevel is false\./);
});

test('SvgOps: the SVG module\'s elements and SVGElemToString compute as TLC (each an ASSUME); SVGSerialize writes one frame per state beside the spec: 3 distinct, 3 generated, depth 3', async (t) => {
  // Before: `community module SVG` refused.
  const dir = copied(t, 'SvgOps');
  t.deepEqual(await okCounts(t, join(dir, 'SvgOps.tla')), [3, 3, 3]);
  t.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.svg')).sort(), ['frame_000.svg', 'frame_001.svg', 'frame_002.svg']);
  // TLC (v1.8.0 with the CommunityModules built from source) writes the same three files; this one is byte for byte TLC's.
  t.is(readFileSync(join(dir, 'frame_002.svg'), 'utf8'), "<g><circle r='2'></circle></g>");
});

test('A file named outside the spec\'s folder is refused with one line naming it (exit 76: an invariant that cannot be evaluated), and nothing is written', (t) => {
  const dir = copied(t, 'SvgOps');
  writeFileSync(join(dir, 'Outside.tla'), '---- MODULE Outside ----\nEXTENDS Naturals, SVG\nVARIABLE x\nInit == x = 0\nNext == UNCHANGED x\nW == SVGSerialize(Group(<<>>, <<>>), "../escape_", x).exitValue = 0\n====\n');
  writeFileSync(join(dir, 'Outside.cfg'), 'INIT Init\nNEXT Next\nINVARIANT W\n');
  const r = vigil(['check', join(dir, 'Outside.tla')]);
  t.is(r.status, 76);
  t.deepEqual(readdirSync(join(dir, '..')).filter((f) => f.startsWith('escape_')), []);
  t.regex(r.stdout + r.stderr, /The file "\.\.\/escape_000\.svg" is outside the spec's folder .*: Vigil reads and writes files only in that folder \(and below\)\./);
  t.notRegex(r.stdout + r.stderr, /    at /);
});

test('A file reached through a symbolic link that leaves the spec\'s folder is refused too (exit 76), and nothing is written there', (t) => {
  const dir = copied(t, 'SvgOps');
  const elsewhere = mkdtempSync(join(tmpdir(), 'vigil-elsewhere-'));
  t.teardown(() => rmSync(elsewhere, { recursive: true, force: true }));
  symlinkSync(elsewhere, join(dir, 'link'), 'dir');
  writeFileSync(join(dir, 'Linked.tla'), '---- MODULE Linked ----\nEXTENDS Naturals, SVG\nVARIABLE x\nInit == x = 0\nNext == UNCHANGED x\nW == SVGSerialize(Group(<<>>, <<>>), "link/escape_", x).exitValue = 0\n====\n');
  writeFileSync(join(dir, 'Linked.cfg'), 'INIT Init\nNEXT Next\nINVARIANT W\n');
  const r = vigil(['check', join(dir, 'Linked.tla')]);
  t.is(r.status, 76);
  t.deepEqual(readdirSync(elsewhere), []);
  t.regex(r.stdout + r.stderr, /The file "link\/escape_000\.svg" is outside the spec's folder .*: Vigil reads and writes files only in that folder \(and below\)\./);
});

test('JsonOps: ToJson, ToJsonArray and ToJsonObject write what TLC\'s override writes (each an ASSUME); JsonSerialize/ndJsonSerialize write each state beside the spec and the Deserialize operators read it back: 3 distinct, 3 generated, depth 3', async (t) => {
  // TLC gives the same counts; its files hold the same values with the keys in its order of strings ({"n":2,"s":"2","b":false,"q":[2,"t"]}).
  // Before: `community module Json` refused; and, once it loaded, JsonDeserialize("state.json") was kept as a constant after its first reading.
  const dir = copied(t, 'JsonOps');
  t.deepEqual(await okCounts(t, join(dir, 'JsonOps.tla')), [3, 3, 3]);
  t.is(readFileSync(join(dir, 'state.json'), 'utf8'), '{"b":false,"n":2,"q":[2,"t"],"s":"2"}');
  t.is(readFileSync(join(dir, 'state.ndjson'), 'utf8'), '{"b":false,"n":2,"q":[2,"t"],"s":"2"}\n{"n":-2}\n');
});

test('TlcTrace: TLCExt!Trace is the behaviour up to the state looked at, as records of the variables (in Next and in an invariant): 3 distinct, 3 generated, depth 3, as TLC', async (t) => {
  // Before: `Unknown operator: Trace` (exit 150).
  t.deepEqual(await okCounts(t, 'TlcTrace.tla'), [3, 3, 3]);
});

test('CsvOps: CSVWrite (a Java format template), CSVWriteRecord, CSVRead and CSVRecords on files beside the spec: 3 distinct, 3 generated, depth 3, and the files TLC writes', async (t) => {
  // TLC writes the same two files byte for byte. Before: `community module CSV` refused.
  const dir = copied(t, 'CsvOps');
  t.deepEqual(await okCounts(t, join(dir, 'CsvOps.tla')), [3, 3, 3]);
  t.is(readFileSync(join(dir, 'out.csv'), 'utf8'), '0#"s"#0%\n1#"s"#1%\n2#"s"#2%\n');
  t.is(readFileSync(join(dir, 'rec.csv'), 'utf8'), 'v\n0\n1\n2\n');
});

test('DyadicOps: Add, Half, IsDyadicRational and PrettyPrint as the DyadicRationals module and TLC\'s Reduce compute them (each an ASSUME); adding 1/4 up to 1: 5 distinct, 5 generated, depth 5, as TLC', async (t) => {
  // Before: `community module DyadicRationals` refused.
  t.deepEqual(await okCounts(t, 'DyadicOps.tla'), [5, 5, 5]);
});

test('FairImplies: `\\A i, j \\in S : (i # j) => WF_x(Step(i, j))` is fairness for the pairs of different indices only, as TLC reads it (InnerSerial\'s form): AllMixed holds with 16 distinct, 33 generated, depth 5, SomeSame is violated (exit 13), as TLC', async (t) => {
  // Before: `a temporal formula evaluated as a state or action expression` (the implication was taken for part of Init).
  t.deepEqual(await okCounts(t, 'FairImplies.tla'), [16, 33, 5]);
  const r = vigil(['check', fixture('FairImplies.tla'), '--config', fixture('FairImpliesSame.cfg')]);
  t.is(r.status, 13);
  t.regex(r.stdout, /Error: The following behavior constitutes a counter-example \(property SomeSame\):/);
});

test('ThmRef: `LEMMA Again == B!Bigger!:` names the statement of theorem Bigger of instance B (BPConProof\'s `P!NextDef!:`), usable as an invariant: 1 distinct, 2 generated, depth 1, as TLC', async (t) => {
  // Before: `unsupported: the subexpression reference "B!Bigger!:"` at load.
  t.deepEqual(await okCounts(t, 'ThmRef.tla'), [1, 2, 1]);
});

test('TLCGet("level") in Next with --workers 2: refused where it is evaluated with one line naming it (exit 75), since the workers receive states without their levels', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'LevelNext.tla'), '---- MODULE LevelNext ----\nEXTENDS Naturals, TLC\nVARIABLE x\nInit == x = 0\nNext == x < 3 /\\ x\' = TLCGet("level")\n====\n');
  writeFileSync(join(dir, 'LevelNext.cfg'), 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n');
  t.deepEqual(runCounts(vigil(['check', join(dir, 'LevelNext.tla')])), [4, 4, 4]);
  const r = vigil(['check', join(dir, 'LevelNext.tla'), '--workers', '2']);
  t.is(r.status, 75);
  t.regex(r.stdout + r.stderr, /TLCGet\("level"\) is not available in the parallel search \(its workers do not know the levels of the states they expand\): run it with --workers 1\./);
});

/** Distinct, generated and depth from the CLI's text report. */
function runCounts(r: { stdout: string }): number[] {
  const m = /(\d+) states generated, (\d+) distinct states found[\s\S]*depth of the complete state graph search is (\d+)/.exec(r.stdout);
  return m ? [Number(m[2]), Number(m[1]), Number(m[3])] : [];
}
