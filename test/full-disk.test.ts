import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { writeTemp } from './helpers/traces.js';
import { join } from 'node:path';
import { writeFully } from '../checker/files/complete-write.js';
import { vigil } from './helpers/cli.js';
import { withNearlyFullDisk } from './helpers/small-disk.js';

test('writeFully loops on short writes until every byte is written', (t) => {
  const data = Buffer.from('0123456789');
  const written: string[] = [];
  const shortWriter = (_fd: number, buffer: Uint8Array, offset: number, length: number) => {
    const n = Math.min(3, length);
    written.push(Buffer.from(buffer.subarray(offset, offset + n)).toString());
    return n;
  };
  writeFully(7, data, shortWriter);
  t.deepEqual(written, ['012', '345', '678', '9']);
});

test('writeFully turns a write that makes no progress into ENOSPC instead of spinning', (t) => {
  const error = t.throws(() => writeFully(7, Buffer.from('abc'), () => 0));
  t.is((error as NodeJS.ErrnoException).code, 'ENOSPC');
});

test('a report that does not fit on the disk is absent, one line, exit 153 (real tmpfs)', (t) => {
  const ran = withNearlyFullDisk((dir) => {
    const file = join(dir, 'r.html');
    const run = vigil(['check', 'twophase', '--report', file]);
    t.is(run.status, 153);
    t.regex(run.stdout, /No error has been found/);
    t.is(run.stderr, `vigil: --report ${file}: cannot write the file: no space left on the device (ENOSPC)\n`);
    t.false(existsSync(file));
    t.deepEqual(readdirSync(dir), ['filler'], 'no temporary file is left');
    return true;
  });
  if (ran === null) t.pass('mount is not permitted here: the seam tests above cover the loop');
});

test('suite --junit that does not fit is absent and the passing suite exits 153 (real tmpfs)', (t) => {
  const ran = withNearlyFullDisk((dir) => {
    const file = join(dir, 'j.xml');
    // 60 passing entries: a JUnit file of about 8 KB, more than the free page.
    const entries = Array.from({ length: 60 }, (_, i) => `  - name: lock-order deadlock number ${i}\n    model: lock-order\n    expect: deadlock\n`);
    const suite = writeTemp('many.yaml', `name: many entries\nentries:\n${entries.join('')}`);
    const run = vigil(['suite', suite, '--junit', file]);
    t.is(run.stderr, `vigil: --junit ${file}: cannot write the file: no space left on the device (ENOSPC)\n`);
    t.is(run.status, 153);
    t.false(existsSync(file));
    return true;
  });
  if (ran === null) t.pass('mount is not permitted here');
});
