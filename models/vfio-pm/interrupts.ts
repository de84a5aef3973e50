// Interrupt-side actors (brief §1 "I", "X", §4.8): a shared-line INTx arrival and
// the INTx unmask eventfd. Neither takes a PM reference; they run whenever INTx
// is the interrupt mode, whatever the device's power state.
import { cfgAccess } from './access.js';
import type { Steps } from './runtime-pm.js';

export const intxSteps: Steps = {
  I_idle: {
    title: 'INTx on the shared line: if not masked, check-and-mask (config read/write) under irqlock',
    when: (s) => s.I.left > 0 && s.irq === 'INTX',
    do: (n) => {
      // Masked: the handler returns without touching the device. Because the suspend
      // callback masks INTx (W3), a shared-line interrupt never reaches a suspended device.
      if (!n.intxMasked) {
        cfgAccess(n, 'INTx handler: pci_check_and_mask_intx', false);
        n.intxMasked = true;
      }
      n.I.left--;
      return 'I_idle';
    },
  },
};

export const unmaskEventfdSteps: Steps = {
  X_idle: {
    title: 'INTx unmask eventfd fires: unmask handler, check-and-unmask (config) with NO PM reference',
    when: (s) => s.X.left > 0 && s.irq === 'INTX',
    do: (n) => {
      if (n.intxMasked) {
        cfgAccess(n, 'INTx unmask eventfd: pci_check_and_unmask_intx', false);
        n.intxMasked = false;
      }
      n.X.left--;
      return 'X_idle';
    },
  },
};
