// Interrupt-side actors (brief §1 "I", "X", §4.8): a shared-line INTx arrival and
// the INTx unmask eventfd. Neither takes a PM reference; they run whenever INTx
// is the interrupt mode, whatever the device's power state.
import { cfgAccess } from './access.js';
import type { Config } from './config.js';
import type { Steps } from './runtime-pm.js';
import type { MaskOwner, State } from './state.js';
import { handlerFlagsLate } from './variants.js';

/**
 * Every write of the INTx mask (ctx->masked and DisINTx together) goes through here,
 * so the ghost owner (S17) is sampled at the write itself, never at an earlier test.
 */
export function writeIntxMask(n: State, masked: boolean, owner: MaskOwner): void {
  n.intxMasked = masked;
  n.intxOwner = masked ? owner : 'NONE';
}

export function intxSteps(cfg: Config): Steps {
  const late = handlerFlagsLate(cfg);
  const steps: Steps = {
    I_idle: {
      title: late
        ? 'INTx on the shared line: if not masked, check-and-mask (config read/write) under irqlock (M21 bug: ctx->masked set later)'
        : 'INTx on the shared line: if not masked, check-and-mask (config read/write) under irqlock',
      when: (s) => s.I.left > 0 && s.irq === 'INTX',
      do: (n) => {
        // Masked: the handler returns without touching the device. Because the suspend
        // callback masks INTx (W3), a shared-line interrupt never reaches a suspended device.
        if (!n.intxMasked) {
          cfgAccess(n, 'INTx handler: pci_check_and_mask_intx', false);
          // A delivered interrupt leaves the line masked for the user to unmask: the user owns it.
          if (late) return 'I_flag';
          writeIntxMask(n, true, 'USER');
        }
        n.I.left--;
        return 'I_idle';
      },
    },
    I_flag: {
      title: 'INTx handler (M21 bug): irqlock dropped, now set ctx->masked and signal the trigger eventfd',
      do: (n) => {
        writeIntxMask(n, true, 'USER');
        n.I.left--;
        return 'I_idle';
      },
    },
  };
  if (!late) delete steps.I_flag;
  return steps;
}

export const unmaskEventfdSteps: Steps = {
  X_idle: {
    title: 'INTx unmask eventfd fires: unmask handler, check-and-unmask (config) with NO PM reference',
    when: (s) => s.X.left > 0 && s.irq === 'INTX',
    do: (n) => {
      if (n.intxMasked) {
        cfgAccess(n, 'INTx unmask eventfd: pci_check_and_unmask_intx', false);
        writeIntxMask(n, false, 'NONE');
      }
      n.X.left--;
      return 'X_idle';
    },
  },
};
