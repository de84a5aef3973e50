import type { CheckResult } from '../result.js';
import { htmlPage } from './html-page.js';
import { runFactRows } from './run-facts.js';
import { escapeHtml } from './html-escape.js';
import { reportStyle } from './html-style.js';
import { chartStyle, coverageChart, levelChart, seriesChart } from './run-charts.js';

/**
 * `--report FILE.html` for a run without a counterexample: one self-contained page
 * with the statistics, the state space per BFS level (distinct states and queue
 * size) and the coverage as a bar chart, a picture of where the states come from.
 */
export function toRunReport(result: CheckResult): string {
  const title = `${result.model}: ${result.verdict}`;
  return htmlPage(`Vigil: ${title}`, `${reportStyle}${chartStyle}`, [summary(result), levelsSection(result), clusterSection(result), coverageSection(result)]);
}

function summary(result: CheckResult): string {
  const dead = result.neverEnabled ?? [];
  return [
    '<header id="summary">',
    `<h1>Vigil run report: ${escapeHtml(result.model)}</h1>`,
    `<p><span class="verdict" data-verdict="${escapeHtml(result.verdict)}">${escapeHtml(result.verdict)}</span></p>`,
    `<p class="message">${escapeHtml(result.message ?? (result.verdict === 'ok' ? 'No error has been found.' : result.verdict))}</p>`,
    ...(result.warnings ?? []).map((warning) => `<p class="warning">${escapeHtml(warning)}</p>`),
    dead.length ? `<p class="warning" id="never-enabled">Never enabled: ${dead.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ')}. Properties may hold vacuously.</p>` : '',
    '<dl class="facts">',
    ...runFactRows(result),
    `<dt>memory</dt><dd>${result.bytesPerState} bytes per state</dd>`,
    `<dt>fingerprint collision</dt><dd>${result.collisionProbability.optimistic.toExponential(1)} (optimistic)</dd>`,
    '</dl>',
    '</header>',
  ].join('\n');
}

function levelsSection(result: CheckResult): string {
  const levels = result.levels ?? [];
  if (levels.length === 0) return '<section id="levels"><h2>State space per BFS level</h2><p class="note">Not recorded by this engine (the single-worker and cluster searches record levels).</p></section>';
  const rows = levels.map((p) => `<tr><td>${p.level}</td><td>${p.distinctStates}</td><td>${p.queueSize}</td></tr>`).join('');
  return [
    '<section id="levels"><h2>State space per BFS level</h2>',
    levelChart(levels),
    `<details><summary>numbers</summary><table id="level-table"><thead><tr><th>level</th><th>distinct so far</th><th>queue</th></tr></thead><tbody>${rows}</tbody></table></details>`,
    '</section>',
  ].join('\n');
}

/** A cluster run: states/s of each worker and the queue of each shard per level, and the wire. */
function clusterSection(result: CheckResult): string {
  const cluster = result.cluster;
  if (!cluster) return '';
  const perSuccessor = cluster.records > 0 ? cluster.wireBytes / cluster.records : 0;
  return [
    '<section id="cluster"><h2>Cluster: workers and shards</h2>',
    `<p>${cluster.workers.length} workers, ${cluster.shards.length} shards; ${cluster.wireBytes} bytes on the wire in ${cluster.batches} batches, ` +
      `${perSuccessor.toFixed(1)} bytes per successor sent (packed: ${cluster.recordBytes}); ${cluster.crossShard} of ${cluster.successors} successors went to another worker; ` +
      `${cluster.successors - cluster.records} were not sent again, as their shard had sent them before in the level.</p>`,
    '<h3>States per second, per worker (while expanding)</h3>',
    seriesChart('worker-chart', 'states per second of each worker per BFS level', cluster.workers.map((w) => ({ name: `worker ${w.workerId}`, points: w.statesPerSecond }))),
    '<h3>Queue per shard (new states of each level)</h3>',
    seriesChart('shard-chart', 'new states of each shard per BFS level', cluster.shards.map((s) => ({ name: `shard ${s.shard}`, points: s.queue }))),
    '</section>',
  ].join('\n');
}

/** The coverage section, also appended to counterexample reports (checker/cli/report-outputs.ts). */
export function coverageSection(result: CheckResult): string {
  if (!result.coverage) {
    const why =
      result.neverEnabled === null
        ? `Not counted: the ${result.cluster ? 'cluster engine (<code>--cluster</code>)' : 'parallel engine (<code>--workers</code>)'} does not count coverage.`
        : 'Run with <code>--coverage</code> to see it.';
    return `<section id="coverage"><h2>Coverage</h2><p class="note">${why}</p></section>`;
  }
  return ['<section id="coverage"><h2>Coverage: successors and new states per action</h2>', coverageChart(result.coverage), '</section>'].join('\n');
}
