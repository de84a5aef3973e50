#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { refuseForeignFlags } from './command-flags.js';
import { ExitCode, VigilError } from '../errors.js';
import type { CheckFlags } from './check-command.js';
import type { CompareFlags } from './compare-command.js';
import type { ExploreFlags } from './explore-command.js';
import { describeWriteError } from '../files/complete-write.js';
import { printable } from '../report/printable.js';
import type { ReplayFlags } from './replay-command.js';
import type { SuiteFlags } from './suite-command.js';
import type { SimulateFlags } from './simulate-command.js';
import type { WorkerFlags } from './worker-command.js';

/**
 * The `vigil` command: parses arguments and chains library calls. Every error the
 * user can cause becomes one line on stderr and a conventions.md exit code; stack
 * traces only with --debug.
 */
const USAGE = `usage:
  vigil check <Spec.tla> [--config Spec.cfg] [--workers N] [--max-depth N] [--max-states N] [--max-memory SIZE] [--checkpoint DIR] [--resume DIR] [--json] [--no-deadlock] [--no-liveness] [--trace-out FILE.itf.json] [--report FILE.html]
              [--format tlc|story] [--diff] [--coverage]
  vigil replay <FILE.itf.json> <Spec.tla> [--config Spec.cfg] [--json]
  vigil explore <Spec.tla> [--config Spec.cfg] [--trace FILE.itf.json] [--port N]
  vigil compare <A.tla> [<B.tla> | --vs B.cfg] [--config A.cfg] [--json] [--fail-on-diff]
  vigil simulate <Spec.tla> [--config Spec.cfg] [--seed N] [--depth N] [--traces N] [--no-deadlock] [--json] [--trace-out FILE.itf.json] [--report FILE.html]
  vigil check <model|file.js|config.yaml> [--const NAME=VALUE]... [--invariant NAME]... [--no-invariants] [--no-deadlock] [--no-liveness]
              [--continue] [--max-depth N] [--max-memory SIZE] [--max-time SECONDS] [--workers N|auto] [--json] [--diff]
              [--trace-out FILE.itf.json] [--progress-interval SECONDS] [--report FILE.html] [--dump-dot FILE.dot]
              [--format tlc|story] [--watch NAME=EXPR]... [--coverage]
              [--checkpoint DIR [--checkpoint-interval SECONDS]] [--resume DIR]
              [--no-symmetry] [--check-symmetry]
              [--queue-memory SIZE] [--fingerprint-bits 64|96] [--expected-states N]
              [--cluster local:N|nats://HOST:PORT [--shards N] [--partition auto|fingerprint] [--creds FILE] [--insecure]]
  vigil worker --cluster nats://HOST:PORT [--creds FILE] [--insecure]
  vigil suite <suite.yaml> [--json] [--junit FILE.xml] [--report-dir DIR]
  vigil replay <FILE.itf.json> [--model NAME] [--const NAME=VALUE]... [--json]
  vigil explore <model> [--const NAME=VALUE]... [--trace FILE.itf.json] [--port N]
  vigil compare <model> [--const NAME=VALUE]... --vs NAME=VALUE... [--json] [--fail-on-diff] [--report FILE.html]
  vigil simulate <model|file.ts> [--seed N] [--depth N] [--traces N] [--max-time SECONDS] [--max-memory SIZE] [--const NAME=VALUE]...
              [--invariant NAME]... [--no-invariants] [--no-deadlock] [--json] [--diff] [--trace-out FILE.itf.json] [--report FILE.html]
              [--cluster local:N|nats://HOST:PORT --seeds K [--shards N] [--creds FILE] [--insecure]]
  vigil init [DIR]
  vigil list
  common: [--load-timeout SECONDS] (default 30: how long a model module may take to import)`;

const options = {
  const: { type: 'string', multiple: true },
  invariant: { type: 'string', multiple: true },
  'no-invariants': { type: 'boolean' },
  'no-deadlock': { type: 'boolean' },
  'no-liveness': { type: 'boolean' },
  continue: { type: 'boolean' },
  'max-depth': { type: 'string' },
  'max-states': { type: 'string' },
  'max-memory': { type: 'string' },
  'queue-memory': { type: 'string' },
  'fingerprint-bits': { type: 'string' },
  'expected-states': { type: 'string' },
  'max-time': { type: 'string' },
  'load-timeout': { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  diff: { type: 'boolean' },
  'trace-out': { type: 'string' },
  'progress-interval': { type: 'string' },
  junit: { type: 'string' },
  report: { type: 'string' },
  'report-dir': { type: 'string' },
  'dump-dot': { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-interval': { type: 'string' },
  resume: { type: 'string' },
  'no-symmetry': { type: 'boolean' },
  'check-symmetry': { type: 'boolean' },
  model: { type: 'string' },
  trace: { type: 'string' },
  port: { type: 'string' },
  vs: { type: 'string', multiple: true },
  format: { type: 'string' },
  watch: { type: 'string', multiple: true },
  'fail-on-diff': { type: 'boolean' },
  coverage: { type: 'boolean' },
  seed: { type: 'string' },
  depth: { type: 'string' },
  traces: { type: 'string' },
  cluster: { type: 'string' },
  seeds: { type: 'string' },
  shards: { type: 'string' },
  partition: { type: 'string' },
  creds: { type: 'string' },
  insecure: { type: 'boolean' },
  config: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  const [command, target, ...extra] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : ExitCode.config;
  }
  // `replay TRACE Spec.tla` is the one command with a second argument.
  // `compare A.tla B.tla` too.
  const tlaSpec = (command === 'replay' || (command === 'compare' && target?.endsWith('.tla'))) && extra.length === 1 && extra[0]!.endsWith('.tla') ? extra[0] : undefined;
  if (extra.length > 0 && tlaSpec === undefined) throw new VigilError(`unexpected argument "${extra[0]}"\n${USAGE}`, ExitCode.config);
  // A TLA+ spec runs on its own sequential engine so far: flags it would ignore are refused.
  const onTla = tlaSpec !== undefined || (['check', 'simulate', 'explore', 'compare'].includes(command) && target?.endsWith('.tla'));
  refuseForeignFlags(onTla ? `${command}-tla` : command, values);
  if (values['load-timeout'] !== undefined) {
    const { positiveNumber } = await import('./flags.js');
    (await import('./load-spec.js')).setLoadTimeout(positiveNumber(values['load-timeout'], '--load-timeout'));
  }
  // Each command's modules are loaded when it runs: a check does not pay for the
  // explorer's server, the report pages or the scaffolding templates at start-up.
  switch (command) {
    case 'check': {
      const model = values.resume === undefined ? required(target, 'check needs a model name or file') : target;
      if (model?.endsWith('.tla')) return (await import('./tla-command.js')).tlaCheckCommand(model, values);
      await prestartParallelWorkers(values as CheckFlags);
      return (await import('./check-command.js')).checkCommand(model, values as CheckFlags);
    }
    case 'suite':
      return (await import('./suite-command.js')).suiteCommand(required(target, 'suite needs a suite file'), values as SuiteFlags);
    case 'replay':
      if (tlaSpec !== undefined) return (await import('./tla-replay-command.js')).tlaReplayCommand(required(target, 'replay needs a trace file'), tlaSpec, values);
      return (await import('./replay-command.js')).replayCommand(required(target, 'replay needs a trace file'), values as ReplayFlags);
    case 'explore':
      return (await import('./explore-command.js')).exploreCommand(required(target, 'explore needs a model name or file'), values as ExploreFlags);
    case 'compare':
      if (target?.endsWith('.tla')) return (await import('./tla-compare-command.js')).tlaCompareCommand(target, tlaSpec, values);
      return (await import('./compare-command.js')).compareCommand(required(target, 'compare needs a model name or file'), values as CompareFlags);
    case 'simulate':
      if (target?.endsWith('.tla')) return (await import('./tla-simulate-command.js')).tlaSimulateCommand(target, values);
      return (await import('./simulate-command.js')).simulateCommand(required(target, 'simulate needs a model name or file'), values as SimulateFlags);
    case 'worker':
      if (target !== undefined) throw new VigilError(`unexpected argument "${target}"\n${USAGE}`, ExitCode.config);
      return (await import('./worker-command.js')).workerCommand(values as WorkerFlags);
    case 'init':
      return (await import('./init-command.js')).initCommand(target ?? '.');
    case 'list':
      return (await import('./list-command.js')).listCommand();
    default:
      throw new VigilError(`unknown command "${command}"\n${USAGE}`, ExitCode.config);
  }
}

/**
 * `check --workers N` (not on a cluster, nor with --coverage, which refuse it):
 * the worker threads start now, while this thread loads the checker and the
 * model, and the parallel engine takes them. A bad value is left to the check
 * command to report.
 */
async function prestartParallelWorkers(flags: CheckFlags): Promise<void> {
  if (flags.workers === undefined || flags.cluster !== undefined || flags.coverage) return;
  const { parseWorkers } = await import('./workers-flag.js');
  let workers: number;
  try {
    workers = parseWorkers(flags.workers);
  } catch {
    return;
  }
  if (workers > 1) (await import('../parallel/worker-pool.js')).prestartWorkers(workers - 1);
}

function required(value: string | undefined, message: string): string {
  if (!value) throw new VigilError(`${message}\n${USAGE}`, ExitCode.config);
  return value;
}

const debug = process.argv.includes('--debug');
watchStandardOutput();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code === 0 && standardOutputFailed ? ExitCode.system : code;
  },
  (error: unknown) => {
    if (error instanceof VigilError) {
      // Only a usage text has several lines; other messages may quote hostile input.
      process.stderr.write(`vigil: ${error.message.split('\n').map(printable).join('\n')}\n`);
      process.exitCode = error.exitCode;
    } else if ((error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`vigil: ${(error as Error).message}\n`);
      process.exitCode = ExitCode.config;
    } else {
      process.stderr.write(`vigil: internal error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = ExitCode.other;
    }
    if (debug) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  },
);

/**
 * stdout can fail too (`> /dev/full`, a closed pipe): one line on stderr, no stack
 * trace, and the verdict's exit code (153 instead of 0). A closed pipe (`| head`)
 * is not an error worth a line.
 */
let standardOutputFailed = false;
function watchStandardOutput(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (standardOutputFailed) return;
    standardOutputFailed = true;
    if (error.code !== 'EPIPE') process.stderr.write(`vigil: cannot write to standard output: ${describeWriteError(error)}\n`);
    if (!process.exitCode) process.exitCode = ExitCode.system;
  });
}
