import test from 'ava';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { repoRoot, vigil } from './helpers/cli.js';

/**
 * A passing run's HTML report (`check --report` without a counterexample), opened
 * from disk in real Chromium: statistics, the per-level plot and the coverage bar
 * chart are rendered, with their real sizes. Without /usr/bin/chromium this FAILS.
 */
const CHROMIUM = '/usr/bin/chromium';

test('a passing run report shows the statistics, the level plot and the coverage bars in Chromium', async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  const work = mkdtempSync(join(tmpdir(), 'vigil-run-report-'));
  const file = join(work, 'run.html');
  const run = vigil(['check', 'dist/test/fixtures/dead-action.js', '--report', file]);
  t.is(run.status, 0, run.stderr);
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'vigil-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    viewport: { width: 1200, height: 900 },
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    t.is(await page.textContent('.verdict'), 'ok');
    t.deepEqual([await page.textContent('#distinct'), await page.textContent('#generated'), await page.textContent('#depth')], ['8', '17', '5']);
    t.is(await page.textContent('#never-enabled'), 'Never enabled: Reset, P: stop, P: unreached. Properties may hold vacuously.');
    // Level plot: two lines of one point per BFS level (5 levels) across the plot's width.
    // Rows: level, distinct so far, queue as the level starts.
    const lines = await page.$$eval('#level-chart polyline', (els) => els.map((el) => ({ points: el.getAttribute('data-points'), width: (el as SVGGraphicsElement).getBBox().width })));
    t.deepEqual(lines.map((l) => l.points), ['5', '5']);
    t.deepEqual(lines.map((l) => l.width), [560, 560]);
    t.deepEqual(await page.$$eval('#level-table tbody tr', (rows) => rows.map((r) => r.textContent)), ['111', '232', '352', '472', '581']);
    // Coverage: one bar pair per action; Inc's generated bar is as wide as Dec's (6 each), P: go's is 4/6 of it.
    const bars = await page.$$eval('#coverage-chart .coverage-row', (rows) =>
      rows.map((r) => ({ action: r.getAttribute('data-action'), width: (r.querySelector('.bar.generated') as SVGGraphicsElement).getBBox().width, dead: r.classList.contains('never-enabled') })),
    );
    t.deepEqual(bars.map((b) => b.action), ['Inc', 'Dec', 'Reset', 'P: go', 'P: stop', 'P: unreached']);
    t.deepEqual(bars.map((b) => b.dead), [false, false, true, false, true, true]);
    t.true(bars[0]!.width > 300);
    t.is(Math.round((bars[3]!.width / bars[0]!.width) * 600), 400);
    t.is(bars[2]!.width, 0);
    mkdirSync(join(repoRoot, 'test', 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test', 'artifacts', 'run-report.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
