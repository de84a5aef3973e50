// `npm run conformance:cluster`: every vfio-pm mutant of the default configuration
// checked with `--workers 2` and with `--cluster local:3`, one CLI run each; the
// verdict, property, exit code, counts, depth and trace length must be the same
// (at a violation both engines finish the level, so their counts agree with each
// other, not with one worker). Prints one line per mutant and exits 1 on any
// difference. About half an hour on an idle 2-core machine; names after `--`
// check only those mutants.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLocalCluster } from '../checker/cluster/local-cluster.js';
import { MUTANTS } from '../models/vfio-pm/variants.js';

const cli = fileURLToPath(new URL('../checker/cli/main.js', import.meta.url));

/** The run's figures as one comparable line. */
function summary(args: string[]): string {
  const run = spawnSync(process.execPath, [cli, 'check', 'vfio-pm', ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  try {
    const report = JSON.parse(run.stdout) as { verdict: string; property?: string | null; distinctStates: number; generatedStates: number; depth: number; trace?: unknown[] };
    return `exit ${run.status} ${report.verdict} ${report.property ?? ''} ${report.distinctStates}/${report.generatedStates}/${report.depth} trace ${report.trace?.length ?? '-'}`;
  } catch {
    return `exit ${run.status} ${run.stderr.split('\n')[0]}`;
  }
}

const cluster = await startLocalCluster(3);
let differences = 0;
try {
  // `npm run conformance:cluster -- M1 M7` checks only the mutants named.
  const only = process.argv.slice(2);
  for (const mutant of MUTANTS.filter((name) => name !== 'NONE' && (only.length === 0 || only.includes(name)))) {
    const flags = ['--const', `mutant=${mutant}`, '--no-liveness'];
    const workers = summary([...flags, '--workers', '2']);
    const distributed = summary([...flags, '--cluster', cluster.server.url, '--shards', '3']);
    if (workers !== distributed) differences++;
    console.log(workers === distributed ? `same  ${mutant}: ${workers}` : `DIFF  ${mutant}: --workers 2: ${workers}; --cluster local:3: ${distributed}`);
  }
} finally {
  await cluster.stop();
}
console.log(`${differences} of ${MUTANTS.length - 1} mutants differ`);
process.exitCode = differences === 0 ? 0 : 1;
