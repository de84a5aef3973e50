import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSuite, runSuite } from '../checker/index.js';
import { tlaFigures } from '../checker/tla/translation-check.js';
import { registry } from '../models/registry.js';
import { CORPUS_ORIGINALS } from '../models/tlaplus/originals.js';

/**
 * `npm run conformance:translations -- PATH_TO_EXAMPLES`
 *
 * For every translation in models/tlaplus/ whose original model is in a
 * checkout of github.com/tlaplus/Examples: its conformance.yaml run (the DSL)
 * next to the original spec and cfg read by the TLA+ front end, and whether
 * the verdict, the three counts (for a complete run) or the trace length (for
 * a violation) are the same. Exit 0 when every row agrees, 1 otherwise.
 */

export interface TranslationRow {
  readonly entry: string;
  readonly dsl: string;
  readonly tla: string;
  readonly same: boolean;
  readonly note: string;
}

export async function compareTranslations(root: string, repoRoot: string): Promise<TranslationRow[]> {
  const suite = readSuite(join(repoRoot, 'models/tlaplus/conformance.yaml'));
  const rows: TranslationRow[] = [];
  for (const original of CORPUS_ORIGINALS) {
    const entry = suite.entries.find((e) => e.name === original.entry);
    if (!entry) throw new Error(`models/tlaplus/originals.ts names ${original.entry}, which conformance.yaml lacks`);
    const outcome = await runSuite({ ...suite, entries: [entry] }, async (name) => (await registry[name]!()).default);
    const dsl = outcome.entries[0]!.result;
    if (!dsl) throw new Error(`${original.entry}: ${outcome.entries[0]!.error}`);
    const tla = await tlaFigures(join(root, original.spec), join(root, original.cfg));
    const complete = dsl.verdict === 'ok';
    const show = (v: string, d: number, g: number, depth: number, trace: number) => (complete ? `${v} ${d} / ${g} / ${depth}` : `${v}, trace ${trace}`);
    const dslText = show(dsl.verdict, dsl.distinctStates, dsl.generatedStates, dsl.depth, dsl.trace?.length ?? 0);
    const tlaText = show(tla.verdict, tla.distinctStates, tla.generatedStates, tla.depth, tla.traceLength);
    rows.push({ entry: original.entry, dsl: dslText, tla: tlaText, same: dslText === tlaText, note: tla.refused ?? '' });
  }
  return rows;
}

async function main(): Promise<void> {
  const root = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!root || !existsSync(join(root, 'specifications'))) {
    process.stderr.write('usage: npm run conformance:translations -- PATH_TO_TLAPLUS_EXAMPLES\n');
    process.exitCode = 151;
    return;
  }
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const rows = await compareTranslations(root, repoRoot);
  process.stdout.write('translation | DSL | TLA+ | same | note\n');
  for (const r of rows) process.stdout.write(`${r.entry} | ${r.dsl} | ${r.tla} | ${r.same ? 'same' : 'DIFFERS'} | ${r.note}\n`);
  const same = rows.filter((r) => r.same).length;
  process.stdout.write(`\n${rows.length} translations: ${same} the same read from TLA+, ${rows.length - same} differ\n`);
  process.exitCode = same === rows.length ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
