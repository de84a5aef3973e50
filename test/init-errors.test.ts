import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vigil } from './helpers/cli.js';
import { withNearlyFullDisk } from './helpers/small-disk.js';

// `vigil init DIR` errors: one line, 151 (the user's folder) or 153 (the system),
// no partial project, and never a write through a symbolic link out of DIR.
const scratch = () => mkdtempSync(join(tmpdir(), 'vigil-init-'));

test('DIR is a file: one line, 151', (t) => {
  const dir = scratch();
  try {
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    const run = vigil(['init', file]);
    t.is(run.status, 151);
    t.is(run.stderr, `vigil: init ${file}: it is not a directory\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dangling symlink package.json in DIR is a clash: nothing is written outside DIR (151)', (t) => {
  const dir = scratch();
  try {
    const project = join(dir, 'project');
    mkdirSync(project);
    const outside = join(dir, 'outside.json');
    symlinkSync(outside, join(project, 'package.json'));
    const run = vigil(['init', project]);
    t.is(run.status, 151);
    t.is(run.stderr, `vigil: init ${project}: package.json already exists; choose an empty folder\n`);
    t.false(existsSync(outside));
    t.deepEqual(readdirSync(project), ['package.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a symlinked subfolder (models -> elsewhere) is refused, nothing is written through it (151)', (t) => {
  const dir = scratch();
  try {
    const project = join(dir, 'project');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(project);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(project, 'models'));
    const run = vigil(['init', project]);
    t.is(run.status, 151);
    t.is(run.stderr, `vigil: init ${project}: models is a symbolic link or not a folder; choose an empty folder\n`);
    t.deepEqual(readdirSync(elsewhere), []);
    t.deepEqual(readdirSync(project), ['models']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('init /proc/x ends at once with one line, 153 (it used to spin)', (t) => {
  const run = spawnSync(process.execPath, ['dist/checker/cli/main.js', 'init', '/proc/vigil-x'], { encoding: 'utf8', timeout: 30_000 });
  t.is(run.status, 153);
  t.regex(run.stderr, /^vigil: init \/proc\/vigil-x: cannot write the project: .*\([A-Z]+\)\n$/);
});

test('a full disk: one line, 153, and no partial project (real tmpfs)', (t) => {
  const ran = withNearlyFullDisk((disk) => {
    const project = join(disk, 'project');
    const run = vigil(['init', project]);
    t.is(run.status, 153);
    t.is(run.stderr, `vigil: init ${project}: cannot write the project: no space left on the device (ENOSPC)\n`);
    t.deepEqual(readdirSync(disk), ['filler']);
    return true;
  });
  if (ran === null) t.pass('mount is not permitted here');
});

test('a read-only file system: one line, 153, nothing written (real tmpfs)', (t) => {
  const dir = scratch();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir]).status === 0;
  try {
    if (!mounted) return t.pass('mount is not permitted here');
    const run = vigil(['init', dir]);
    t.is(run.status, 153);
    t.is(run.stderr, `vigil: init ${dir}: cannot write the project: read-only file system (EROFS)\n`);
    t.deepEqual(readdirSync(dir), []);
  } finally {
    if (mounted) spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
  return undefined;
});

test('a successful init writes plain files (no symlinks) and nothing else', (t) => {
  const dir = scratch();
  try {
    const run = vigil(['init', join(dir, 'p')]);
    t.is(run.status, 0, run.stderr);
    t.true(lstatSync(join(dir, 'p', 'package.json')).isFile());
    t.deepEqual(readdirSync(join(dir, 'p')).sort(), ['.github', '.gitignore', 'README.md', 'models', 'package.json', 'test', 'tsconfig.json', 'vigil-suite.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
