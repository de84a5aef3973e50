import { fileURLToPath } from 'node:url';
import { readSuite } from '../checker/config/suite.js';

/**
 * The constants of a row of models/vfio-pm/full.yaml, as the suite declares them:
 * benchmarks read the row instead of keeping a copy that goes stale when a
 * constant's default changes (row 1 once lost its `intxAtOpen: false` that way).
 */
export function fullYamlRow(index: number): Record<string, string | number | boolean> {
  const file = fileURLToPath(new URL('../../models/vfio-pm/full.yaml', import.meta.url));
  const entry = readSuite(file).entries[index];
  if (!entry) throw new Error(`${file}: no row ${index + 1}`);
  return entry.constants as Record<string, string | number | boolean>;
}
