import type { CheckResult } from '../result.js';

/**
 * The text lines about actions: a warning for every never-enabled action (on
 * every run: a dead action is the most common spec bug, and it makes properties
 * hold vacuously), and the --coverage table.
 */
export function formatActionLines(result: CheckResult): string[] {
  const lines: string[] = [];
  const dead = result.neverEnabled ?? [];
  if (dead.length > 0) {
    const scope = result.verdict === 'ok' && result.complete ? '' : ' in the states explored';
    if (dead.length === 1) lines.push(`Warning: action ${dead[0]} was never enabled${scope}; properties may hold vacuously.`);
    else lines.push(`Warning: ${dead.length} actions were never enabled${scope}; properties may hold vacuously:`, ...dead.map((name) => `  ${name}`));
  }
  if (result.coverage) {
    const width = Math.max(6, ...result.coverage.map((row) => row.action.length));
    lines.push('Coverage (per action: states where enabled, successors generated, new distinct states):');
    lines.push(`  ${'action'.padEnd(width)}  ${'enabled'.padStart(10)}  ${'generated'.padStart(10)}  ${'distinct'.padStart(10)}`);
    for (const row of result.coverage) {
      const mark = row.enabled === 0 ? '   <- never enabled' : '';
      lines.push(`  ${row.action.padEnd(width)}  ${String(row.enabled).padStart(10)}  ${String(row.generated).padStart(10)}  ${String(row.distinct).padStart(10)}${mark}`);
    }
  }
  return lines;
}
