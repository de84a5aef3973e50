import { ConfigError } from '../errors.js';

/**
 * The flags each subcommand reads. The parser knows every command's flags, so a
 * flag meant for another subcommand (`check --junit`, `check --seed`,
 * `simulate --workers`) would be parsed and then silently ignored: these lists
 * turn that into one clear line and exit 151.
 */
// --load-timeout bounds the import of any model, whatever the command.
const COMMON = ['debug', 'help', 'load-timeout'];

const ACCEPTED: Readonly<Record<string, readonly string[]>> = {
  check: [
    'const', 'invariant', 'no-invariants', 'no-deadlock', 'continue', 'max-depth', 'max-memory', 'queue-memory', 'fingerprint-bits', 'expected-states',
    'max-time', 'workers', 'json', 'diff', 'trace-out', 'progress-interval', 'report', 'dump-dot', 'format', 'watch', 'coverage', 'no-symmetry',
    'check-symmetry', 'no-liveness', 'checkpoint', 'checkpoint-interval', 'resume',
    'cluster', 'shards', 'partition', 'creds', 'insecure', 'config',
  ],
  'check-tla': ['config', 'json', 'no-deadlock', 'no-liveness', 'trace-out', 'report', 'max-depth', 'max-states', 'max-memory', 'max-time', 'workers', 'checkpoint', 'checkpoint-interval', 'resume', 'format', 'diff', 'coverage'],
  'replay-tla': ['config', 'json'],
  'explore-tla': ['config', 'trace', 'port'],
  'compare-tla': ['config', 'vs', 'json', 'fail-on-diff'],
  'simulate-tla': ['config', 'seed', 'depth', 'traces', 'no-deadlock', 'json', 'trace-out', 'report'],
  simulate: ['const', 'invariant', 'no-invariants', 'no-deadlock', 'seed', 'depth', 'traces', 'max-time', 'max-memory', 'cluster', 'seeds', 'shards', 'creds', 'insecure', 'json', 'diff', 'trace-out', 'report'],
};

/** Where a refused flag does work instead, for the error line. */
const INSTEAD: Readonly<Record<string, string>> = {
  junit: 'vigil suite',
  'report-dir': 'vigil suite',
  seed: 'vigil simulate',
  depth: 'vigil simulate',
  traces: 'vigil simulate',
  workers: 'vigil check',
  format: 'vigil check',
  coverage: 'vigil check',
  vs: 'vigil compare',
  'fail-on-diff': 'vigil compare',
  port: 'vigil explore',
  trace: 'vigil explore',
  model: 'vigil replay',
};

export function refuseForeignFlags(command: string, given: Readonly<Record<string, unknown>>): void {
  const accepted = ACCEPTED[command];
  if (!accepted) return;
  for (const flag of Object.keys(given)) {
    if (given[flag] === undefined || accepted.includes(flag) || COMMON.includes(flag)) continue;
    const instead = INSTEAD[flag] && INSTEAD[flag] !== `vigil ${command}` ? ` (it belongs to ${INSTEAD[flag]})` : '';
    if (command.endsWith('-tla')) throw new ConfigError(`${command.slice(0, -4)} of a .tla specification does not take --${flag} (docs/tla.md lists the flags the TLA+ front end takes)`);
    throw new ConfigError(`${command} does not take --${flag}${instead}`);
  }
}
