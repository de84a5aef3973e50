/**
 * Vigil for users' own tests (`import { check, expectOk } from 'vigil-mc/testing'`):
 * check a spec, get the `--json` report, and assert on it in any test runner.
 */
export { check, loadModel } from './check.js';
export type { JsonReport, TestCheckOptions } from './check.js';
export { expectOk, expectVerdict, expectViolation } from './expect.js';
export type { Expected } from './expect.js';
export { simulate } from './simulate.js';
