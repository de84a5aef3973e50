// Every translation in models/tlaplus/ whose original is in the tlaplus/Examples
// corpus gives the same figures read from TLA+ as from its translation. The
// corpus is not in this repository: VIGIL_TLA_EXAMPLES names a checkout.
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareTranslations } from '../bench/conformance-translations.js';
import { repoRoot } from './helpers/cli.js';

const corpus = process.env['VIGIL_TLA_EXAMPLES'];
const available = corpus !== undefined && existsSync(join(corpus, 'specifications'));
if (!available) {
  process.stdout.write(`tla-translations: skipped: set VIGIL_TLA_EXAMPLES to a checkout of github.com/tlaplus/Examples${corpus ? ` (${corpus} has no specifications/ folder)` : ''}\n`);
}

(available ? test : test.skip)('each translation with a corpus original gives the same verdict and counts (or trace length) read from the original TLA+', async (t) => {
  const rows = await compareTranslations(corpus!, repoRoot);
  t.true(rows.length >= 18);
  for (const row of rows) t.true(row.same, `${row.entry}: DSL ${row.dsl}, TLA+ ${row.tla}`);
});
