/**
 * Vigil's checker library: everything the CLI uses, for tests and other tools.
 */
export { check, checkAsync, prepare } from './check.js';
export { StopRequest } from './search/stop-request.js';
export type { CheckpointOptions, CheckpointRequest } from './checkpoint/checkpoint-options.js';
export type { CheckpointWritten } from './checkpoint/checkpointer.js';
export { checkParallel, type ParallelTuning } from './parallel/coordinator.js';
export { verifySymmetry } from './symmetry/verify-symmetry.js';
export type { SymmetryCheck } from './symmetry/check-symmetry.js';
export type { SpecSource } from './parallel/protocol.js';
export type { CheckOptions, PreparedModel } from './check.js';
export { referenceCheck } from './search/reference.js';
export type { ReferenceResult } from './search/reference.js';
export { readSuite, runSuite, compare } from './config/suite.js';
export type { EntryOutcome, Expectation, Suite, SuiteEntry, SuiteOutcome, SpecResolver } from './config/suite.js';
export { readRunConfig } from './config/run-config.js';
export type { RunConfig } from './config/run-config.js';
export { formatResult, formatTrace, formatProgress } from './report/text.js';
export { toJsonReport } from './report/json.js';
export { toItf, toItfValue, fromItfValue } from './report/itf.js';
export type { ItfTrace } from './report/itf.js';
export { toJUnitXml } from './report/junit.js';
export { ConfigError, ExitCode, OutOfTypeError, SpecLoadError, VigilError } from './errors.js';
// General LTL temporal properties (docs/liveness-ltl.md): refusal, display and a direct judge of a lasso.
export { UnsupportedTemporalForm } from './temporal/ltl/normal-form.js';
export { formulaText } from './temporal/ltl/formula-text.js';
export { holdsOnLasso } from './temporal/ltl/lasso-semantics.js';
export type { CheckResult, SymmetryReport, ViolationSummary } from './result.js';
export type { Verdict, ProgressInfo } from './search/outcome.js';
export type { TraceStep } from './trace/trace.js';
// Counterexample explorer for patch reviewers: report, replay, compare, DOT, explorer.
export { toHtmlReport } from './report/html-report.js';
export type { HtmlReportInput, PropertyInfo } from './report/html-report.js';
export { htmlReportInput } from './report/html-input.js';
export { layoutSequence, renderSequenceDiagram } from './report/sequence-diagram.js';
export type { DiagramLayout, DiagramStep } from './report/sequence-diagram.js';
export { buildStateTable, renderStateTable } from './report/state-table.js';
export type { StateTable, TableRow, TableCell } from './report/state-table.js';
export { readItfFile, statesFromItf, stateFromItf, valueFromItf } from './trace/itf-to-state.js';
export type { LoadedTrace } from './trace/itf-to-state.js';
export { replayTrace } from './trace/replay.js';
export type { ReplayReport, ReplayViolation } from './trace/replay.js';
export { compareConfigurations } from './compare.js';
export type { Comparison, Configuration, PropertyComparison, PropertyStatus, Witness } from './compare.js';
export { exploreStateGraph, DOT_STATE_LIMIT } from './search/state-graph.js';
export type { StateGraph, GraphNode, GraphEdge } from './search/state-graph.js';
export { toDot } from './report/dot.js';
export { diffStates, leafChanges } from './state/state-diff.js';
export type { VariableChange, LeafChange } from './state/state-diff.js';
export { ExplorerSession } from './explorer/session.js';
export type { SessionView } from './explorer/view.js';
export { handleApi } from './explorer/routes.js';
export { startExplorerServer } from './explorer/server.js';
export type { ExplorerServer } from './explorer/server.js';
export { shortestPath } from './explorer/search.js';
export type { SearchGoal, SearchResult } from './explorer/search.js';
export { encodePath, decodePath, walkPath } from './explorer/path.js';
export type { BehaviourPath, PathStep } from './explorer/path.js';
// Counterexamples that explain themselves: story text, explanations, wait-for, compare page, permalinks.
export { formatStory } from './report/story.js';
export { explainViolation } from './report/explain.js';
export { explainLasso, formatLassoExplanation, type LassoExplanation } from './report/explain-lasso.js';
export type { Explanation } from './report/explain.js';
export { waitsFor, formatWaiting } from './report/wait-for.js';
export { toCompareHtml } from './report/compare-html.js';
export { parseWatch, evaluateWatches } from './report/watch.js';
export { encodePermalink, decodePermalink, modelIdentity } from './explorer/permalink.js';
