import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Loaded by ava (package.json "require") before each test file: every
 * temporary folder a test or a child process makes goes under one folder of
 * this test process, removed when it exits. Tests need not remember to clean
 * up, and a failed assertion leaves nothing behind in the system's /tmp.
 * (Node's tmpdir() reads TMPDIR at every call; children inherit it.)
 */
const root = mkdtempSync(join(tmpdir(), 'vigil-tests-'));
process.env.TMPDIR = root;
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
