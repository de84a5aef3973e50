/**
 * Vigil's checker library: everything the CLI uses, for tests and other tools.
 */
export { check, prepare } from './check.js';
export { checkParallel } from './parallel/coordinator.js';
export type { SpecSource } from './parallel/protocol.js';
export type { CheckOptions, PreparedModel } from './check.js';
export { referenceCheck } from './reference.js';
export type { ReferenceResult } from './reference.js';
export { readSuite, runSuite, compare } from './suite.js';
export type { EntryOutcome, Expectation, Suite, SuiteEntry, SuiteOutcome, SpecResolver } from './suite.js';
export { readRunConfig } from './run-config.js';
export type { RunConfig } from './run-config.js';
export { formatResult, formatTrace, formatProgress } from './report/text.js';
export { toJsonReport } from './report/json.js';
export { toItf, toItfValue, fromItfValue } from './report/itf.js';
export type { ItfTrace } from './report/itf.js';
export { toJUnitXml } from './report/junit.js';
export { ConfigError, ExitCode, OutOfTypeError, SpecLoadError, VigilError } from './errors.js';
export type { CheckResult, ViolationSummary } from './result.js';
export type { Verdict, ProgressInfo } from './outcome.js';
export type { TraceStep } from './trace.js';
