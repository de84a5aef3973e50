import { defineSpec, eventually, model, t as types, type TemporalFormula } from '../../spec/index.js';

export interface FlipState {
  x: boolean;
  done: boolean;
}

/**
 * x toggles for ever under WF(Toggle); `Go` is enabled only when x is true (so
 * intermittently) and sets done. Under SF(Go) `<>done` holds, under WF(Go) or no
 * fairness on Go it does not. The property is `Done` (by default `<>done`).
 */
export const flipSpec = (strong: 'WF' | 'SF' | 'none', formula: TemporalFormula<FlipState> = eventually((s: FlipState) => s.done)) =>
  defineSpec({
    name: 'flip',
    build: () => {
      const m = model({ x: types.bool(), done: types.bool() })
        .initial({ x: false, done: false })
        .action('Toggle', { when: (s) => !s.done }, (n, _, s) => void (n.x = !s.x))
        .action('Go', { when: (s) => s.x && !s.done }, (n) => void (n.done = true))
        .deadlock(false)
        .fairness('WF', { action: 'Toggle' })
        .temporal('Done', formula);
      if (strong !== 'none') m.fairness(strong, { action: 'Go' });
      return m;
    },
  });
