import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readProjectModels } from '../checker/project/project-models.js';
import { repoRoot, vigil } from './helpers/cli.js';

// A user's project names its models in package.json ("vigil": {"models": {...}}):
// vigil list, check and explore then accept those names from anywhere inside it.
const dsl = pathToFileURL(join(repoRoot, 'dist/spec/index.js')).href;
const TOGGLE = `import { defineSpec, model, t } from '${dsl}';
export default defineSpec({
  name: 'toggle',
  description: 'a bit flipped at most three times',
  build: () =>
    model({ on: t.bool(), n: t.int(0, 3) })
      .initial({ on: false, n: 0 })
      .action('Flip', { when: (s) => s.n < 3 }, (next, _, s) => { next.on = !s.on; next.n = s.n + 1; })
      .deadlock(false),
});
`;
const JUGS = `import { defineSpec, model, t } from '${dsl}';
const small: number = 3;
export default defineSpec({
  name: 'jugs',
  build: () =>
    model({ small: t.int(0, 3), big: t.int(0, 5) })
      .initial({ small: 0, big: 0 })
      .action('FillSmall', {}, (n) => void (n.small = small))
      .action('FillBig', {}, (n) => void (n.big = 5))
      .action('EmptySmall', {}, (n) => void (n.small = 0))
      .action('EmptyBig', {}, (n) => void (n.big = 0))
      .action('SmallToBig', {}, (n, _, s) => { const pour = Math.min(s.small, 5 - s.big); n.small = s.small - pour; n.big = s.big + pour; })
      .action('BigToSmall', {}, (n, _, s) => { const pour = Math.min(s.big, 3 - s.small); n.small = s.small + pour; n.big = s.big - pour; })
      .invariant('NotFour', (s) => s.big !== 4),
});
`;

const scratchDirs: string[] = [];
test.after.always(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

function project(manifest: unknown, files: Record<string, string> = {}): string {
  const dir = scratchDir('vigil-project-');
  writeFileSync(join(dir, 'package.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const userProject = () =>
  project({ name: 'mine', vigil: { models: { toggle: 'models/toggle.mjs', jugs: 'models/jugs.ts' } } }, { 'models/toggle.mjs': TOGGLE, 'models/jugs.ts': JUGS, 'docs/notes.txt': '' });

test('vigil list shows the project models first, then the built-in ones', (t) => {
  const listed = vigil(['list'], { cwd: userProject() });
  t.is(listed.status, 0, listed.stderr);
  const names = listed.stdout.split('\n').map((line) => line.split(' ')[0]);
  t.deepEqual(names.slice(0, 4), ['toggle', 'jugs', 'diehard', 'twophase']);
  t.true(listed.stdout.startsWith(`${'toggle'.padEnd(34)} a bit flipped at most three times\n`));
});

test('vigil check NAME runs a project model, .mjs or .ts, also from a subdirectory, with workers too', (t) => {
  const dir = userProject();
  const toggle = vigil(['check', 'toggle', '--json'], { cwd: join(dir, 'docs') });
  t.is(toggle.status, 0, toggle.stderr);
  const report = JSON.parse(toggle.stdout);
  t.deepEqual([report.model, report.distinctStates, report.generatedStates, report.depth], ['toggle', 4, 4, 4]);
  const jugs = vigil(['check', 'jugs', '--json'], { cwd: dir });
  t.is(jugs.status, 12, jugs.stderr);
  const violated = JSON.parse(jugs.stdout);
  t.deepEqual([violated.property, violated.distinctStates, violated.generatedStates, violated.trace.length], ['NotFour', 14, 73, 7]);
  const parallel = vigil(['check', 'jugs', '--workers', '2', '--no-invariants', '--json'], { cwd: dir });
  t.is(parallel.status, 0, parallel.stderr);
  t.deepEqual([JSON.parse(parallel.stdout).distinctStates, JSON.parse(parallel.stdout).generatedStates], [16, 97]);
  // A suite's and a run configuration's model: field take the name too.
  writeFileSync(join(dir, 'suite.yaml'), 'name: mine\nentries:\n  - name: flips\n    model: toggle\n    expect: { verdict: ok, distinctStates: 4, generatedStates: 4, depth: 4 }\n');
  const suite = vigil(['suite', 'suite.yaml'], { cwd: dir });
  t.is(suite.status, 0, suite.stdout + suite.stderr);
  t.true(suite.stdout.includes('mine: 1 passed, 0 failed'));
  writeFileSync(join(dir, 'run.yaml'), 'model: jugs\ninvariants: []\n');
  t.deepEqual(JSON.parse(vigil(['check', 'run.yaml', '--json'], { cwd: dir }).stdout).distinctStates, 16);
  // Built-in names and paths are unaffected; an unknown name keeps its message.
  t.is(vigil(['check', 'diehard', '--json'], { cwd: dir }).status, 12);
  const unknown = vigil(['check', 'nosuch'], { cwd: dir });
  t.deepEqual([unknown.status, unknown.stderr], [151, 'vigil: unknown model "nosuch" (run "vigil list" for the registered models, or pass a path to a .ts or .js model module)\n']);
});

test('vigil explore NAME serves a project model', async (t) => {
  const child = spawn(process.execPath, [join(repoRoot, 'dist/checker/cli/main.js'), 'explore', 'toggle', '--port', '0'], { cwd: userProject() });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out);
        if (match) resolve(new URL(match[0]));
      });
      child.once('exit', (code) => reject(new Error(`vigil explore exited ${code}`)));
    });
    const response = await fetch(`${url.origin}/api/view`, { headers: { 'x-vigil-token': url.searchParams.get('token')! } });
    const view = (await response.json()) as { model: string; enabled: { label: string }[]; state: { name: string; value: string }[] };
    t.deepEqual([view.model, view.state.map((v) => `${v.name}=${v.value}`)], ['toggle', ['on=FALSE', 'n=0']]);
  } finally {
    child.kill('SIGINT');
  }
  t.is(await exited, 0);
});

/** `vigil check NAME` in a project whose package.json is `manifest`: the one-line error after the file name. */
function refusal(manifest: unknown, files: Record<string, string> = {}, command = ['check', 'mutex']): { status: number; line: string } {
  const dir = project(manifest, files);
  const run = vigil(command, { cwd: dir });
  return { status: run.status, line: run.stderr.replace(`vigil: ${join(dir, 'package.json')}: `, '') };
}

test('a hostile or mistaken vigil field is one line naming the file, the field and the value (exit 151)', (t) => {
  const cases: [unknown, Record<string, string>, string][] = [
    [{ vigil: 'models/mutex.ts' }, {}, 'vigil: expected a mapping, got "models/mutex.ts"\n'],
    [{ vigil: { modles: {} } }, {}, 'vigil: unknown field "modles" (allowed: models)\n'],
    [{ vigil: { 'a\nb': {} } }, {}, 'vigil: unknown field "a\\nb" (allowed: models)\n'],
    [{ vigil: { models: ['models/mutex.ts'] } }, {}, 'vigil.models: expected a mapping, got ["models/mutex.ts"]\n'],
    [{ vigil: { models: { 'my model': 'm.ts' } } }, {}, 'vigil.models["my model"]: a model name is a letter or digit, then letters, digits, ".", "_" or "-" (at most 64), got "m.ts"\n'],
    [{ vigil: { models: { 'x\u001b[2J': 'm.ts' } } }, {}, 'vigil.models["x\\u001b[2J"]: a model name is a letter or digit, then letters, digits, ".", "_" or "-" (at most 64), got "m.ts"\n'],
    [{ vigil: { models: { race: 'm.ts' } } }, { 'm.ts': '' }, 'vigil.models.race: "race" is the name of a built-in model (vigil list); choose another, got "m.ts"\n'],
    [{ vigil: { models: { mutex: 42 } } }, {}, 'vigil.models.mutex: expected a non-empty string, got 42\n'],
    [{ vigil: { models: { mutex: '/etc/passwd.js' } } }, {}, 'vigil.models.mutex: expected a path relative to the package.json, with "/", got "/etc/passwd.js"\n'],
    [{ vigil: { models: { mutex: 'models/mutex.py' } } }, {}, 'vigil.models.mutex: expected a .ts, .mts, .js or .mjs model file, got "models/mutex.py"\n'],
    [{ vigil: { models: { mutex: 'models/missing.ts' } } }, {}, 'vigil.models.mutex: no such file, got "models/missing.ts"\n'],
    [{ vigil: { models: { mutex: '../outside.ts' } } }, {}, 'vigil.models.mutex: no such file, got "../outside.ts"\n'],
    [{ vigil: { models: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`m${i}`, 'm.ts'])) } }, {}, 'vigil.models: 1001 models, more than the 1000 allowed\n'],
    ['{"vigil": ', {}, 'not a readable JSON file: Unexpected end of JSON input\n'],
  ];
  for (const [manifest, files, line] of cases) t.deepEqual(refusal(manifest, files), { status: 151, line }, JSON.stringify(manifest).slice(0, 80));
  // vigil list reads the field too, and refuses it the same way.
  t.deepEqual(refusal({ vigil: { models: { mutex: 7 } } }, {}, ['list']), { status: 151, line: 'vigil.models.mutex: expected a non-empty string, got 7\n' });
});

test('a model file outside the project, through .. or a symbolic link, is refused before it is imported', (t) => {
  const outside = scratchDir('vigil-outside-');
  writeFileSync(join(outside, 'evil.mjs'), 'throw new Error("imported");\n');
  const dir = project({ vigil: { models: { up: '../' + join(outside.split('/').pop()!, 'evil.mjs'), linked: 'models/evil.mjs' } } });
  mkdirSync(join(dir, 'models'));
  symlinkSync(join(outside, 'evil.mjs'), join(dir, 'models/evil.mjs'));
  const error = () => readProjectModels(join(dir, 'models'), () => false);
  t.throws(error, { message: `${join(dir, 'package.json')}: vigil.models.up: the file is outside the project's directory, got "../${outside.split('/').pop()}/evil.mjs"` });
  const linkedOnly = project({ vigil: { models: { linked: 'evil.mjs' } } });
  symlinkSync(join(outside, 'evil.mjs'), join(linkedOnly, 'evil.mjs'));
  t.throws(() => readProjectModels(linkedOnly, () => false), { message: `${join(linkedOnly, 'package.json')}: vigil.models.linked: the file is outside the project's directory, got "evil.mjs"` });
});

test('without a vigil field, or without a package.json, a project registers nothing', (t) => {
  t.is(readProjectModels(project({ name: 'plain' }), () => false), null);
  t.is(readProjectModels(repoRoot, () => false), null);
});
