import type { RuntimeModel } from '../runtime-model.js';
import { coverageRows, neverEnabledActions } from './coverage.js';
import type { StateExpander } from './expander.js';
import type { ActionReport } from './outcome.js';

/** The expander's per-action record, named, for the outcome of a search. */
export function actionReportOf(model: RuntimeModel<any>, expander: StateExpander<any>): ActionReport {
  const names = model.actionNames();
  return {
    neverEnabled: neverEnabledActions(names, expander.enabledOnce),
    coverage: expander.coverage ? coverageRows(names, expander.coverage) : null,
  };
}
