// The ioeventfd fast path (brief §8 hypothesis H2), optional actor K. KVM signals an
// ioeventfd when the guest writes a registered BAR address; vfio's handler writes
// the BAR itself, under a try-read of memory_lock and the memory-enabled check
// (current_state < D3hot), with NO runtime-PM reference. A contended trylock hands
// the write to a thread that takes the read lock blocking: both are modelled as
// one wait for the read lock. Check and write are separate steps, as in the code,
// and the PCI core's power-down (W4) takes no vfio lock, so it can fall between them.
import { assert } from '../../spec/index.js';
import { deviceUsable } from './ioctl.js';
import { canRead, type Steps } from './runtime-pm.js';

export const ioeventfdSteps: Steps = {
  K_idle: {
    title: 'ioeventfd fires: take memory_lock (read), memory enabled (current_state D0)? no PM reference (H2)',
    when: (s) => s.K.left > 0 && deviceUsable(s) && canRead(s),
    do: (n) => {
      if (n.power !== 'D0') {
        n.K.left--; // memory disabled: the write is dropped
        return 'K_idle';
      }
      n.memR.add('K');
      return 'K_write';
    },
  },
  K_write: {
    title: 'ioeventfd: write the BAR (MMIO), unlock',
    do: (n) => {
      // Only the power rule of S7: while K holds the read lock the suspend callback
      // cannot pass W1, so a write during SUSPENDING before W2 is harmless; the hazard
      // is W4 powering the device down between the check and the write.
      assert(n.power === 'D0', 'S7', `ioeventfd BAR write: MMIO access while the device is in ${n.power}`);
      n.memR.delete('K');
      n.K.left--;
      return 'K_idle';
    },
  },
};
