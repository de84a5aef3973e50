import { TlaUnsupportedPropertyError } from './errors.js';
import { checkTlaModel } from './liveness.js';
import { loadTlaModel } from './model.js';
import { searchTla, type TlaSearchResult } from './search.js';

/**
 * What the TLA+ front end finds for a spec and cfg, in the terms a DSL
 * translation's run is compared in: the verdict (named as the DSL's: a
 * property violation is `liveness`), the three counts, and the trace length.
 * When a PROPERTY form is refused the counts come from the search alone and
 * `refused` says why (the counts do not depend on the properties).
 */
export interface TlaFigures {
  readonly verdict: string;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly traceLength: number;
  readonly refused: string | null;
}

export async function tlaFigures(specFile: string, cfgFile: string): Promise<TlaFigures> {
  const model = await loadTlaModel(specFile, cfgFile);
  let result: TlaSearchResult;
  let refused: string | null = null;
  try {
    result = checkTlaModel(model);
  } catch (error) {
    if (!(error instanceof TlaUnsupportedPropertyError)) throw error;
    refused = error.message;
    result = searchTla(model);
  }
  const verdict = result.verdict === 'property' ? 'liveness' : result.verdict;
  return { verdict, distinctStates: result.distinct, generatedStates: result.generated, depth: result.depth, traceLength: result.trace.length, refused };
}
