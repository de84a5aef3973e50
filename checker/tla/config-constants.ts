import { cfgValue, type TlaModel } from './model.js';
import { formatValue, ModelValue } from './values.js';

/** The configuration's constants as the page shows them: `N = 3`, `Procs = {p1, p2}`, `Op <- Impl`. */
export function configConstants(tla: TlaModel): Record<string, string> {
  const bare = (name: string) => new ModelValue(name, 0);
  const constants: Record<string, string> = {};
  for (const c of tla.config.constants) constants[c.module ? `${c.name} [${c.module}]` : c.name] = formatValue(cfgValue(c.value, bare));
  for (const s of tla.config.substitutions) constants[s.name] = `<- ${s.target}`;
  return constants;
}

