// Interrupt-side actors (brief §1 "I", "X", §4.8): a shared-line INTx arrival (or,
// with MSI_ON in the menu, an MSI/MSI-X message) and the INTx unmask eventfd. None
// takes a PM reference; INTx runs whenever INTx is the interrupt mode, whatever the
// device's power state.
//
// The !pci_2_3 path (issue 21, `pci23=false`): a device without PCI 2.3 INTx masking
// gets an exclusive line and is masked at the irq controller, with no config access
// (drivers/vfio/pci/vfio_pci_intrs.c, brief §7 "vfio_pci_intrs.c"): the handler does
// `if (!vdev->pci_2_3) { disable_irq_nosync(vdev->pdev->irq); ctx->masked = true; }`,
// the mask helper `if (!ctx->masked) { ... else disable_irq_nosync(pdev->irq); ctx->masked
// = true; masked_changed = true; }`, the unmask `if (ctx->masked ...) { ... else
// enable_irq(pdev->irq); }`. disable_irq nests (a depth count), so the helpers' tests of
// ctx->masked are what keep it balanced: the ghost-free state `irqDepth` and S21.
import { cfgAccess } from './access.js';
import type { Config } from './config.js';
import type { Steps } from './runtime-pm.js';
import type { Irq, MaskOwner, State } from './state.js';
import { handlerFlagsLate, maskHelperIgnoresMasked } from './variants.js';

/**
 * Every write of the INTx mask (ctx->masked and DisINTx, or the irq controller's
 * disable on the !pci_2_3 path) goes through here, so the ghost owner (S17) is
 * sampled at the write itself, never at an earlier test. On the !pci_2_3 path a
 * change of the mask is one disable_irq_nosync or enable_irq.
 */
export function writeIntxMask(n: State, cfg: Config, masked: boolean, owner: MaskOwner): void {
  if (!cfg.pci23 && n.irq === 'INTX' && masked !== n.intxMasked) n.irqDepth = depthAfter(n.irqDepth, masked ? 1 : -1);
  n.intxMasked = masked;
  n.intxOwner = masked ? owner : 'NONE';
}

/**
 * The disable depth after one disable_irq (+1) or enable_irq (-1), kept in -1..2: S21
 * already fails at -1 or 2, so "2" stands for "2 or more" (a bug may nest further).
 */
const depthAfter = (depth: number, change: 1 | -1) => Math.max(-1, Math.min(2, depth + change));

/**
 * SET_IRQS changing the interrupt mode, and the open's and close's interrupt set-up
 * and teardown: free_irq / request_irq leave the line enabled at the irq controller
 * (depth 0) and INTx unmasked; MSI/MSI-X vectors come up unmasked.
 */
export function setIrqMode(n: State, irq: Irq): void {
  n.irq = irq;
  n.irqDepth = 0;
  n.intxMasked = false;
  n.intxOwner = 'NONE';
  n.msiMasked = false;
}

/**
 * __vfio_pci_intx_mask on an INTx device (under irqlock): mask if not masked yet and
 * report whether the mask changed. `configWrite` is the caller's DisINTx access (PCI 2.3
 * only). M28: the !pci_2_3 branch disables the line without testing ctx->masked.
 */
export function intxMaskHelper(n: State, cfg: Config, owner: MaskOwner, configWrite: () => void): boolean {
  if (!cfg.pci23 && maskHelperIgnoresMasked(cfg)) {
    // Copied from the handler, where the exclusive line cannot fire twice: here it can nest.
    n.irqDepth = depthAfter(n.irqDepth, 1);
    n.intxMasked = true;
    n.intxOwner = owner;
    return true;
  }
  if (n.intxMasked) return false;
  if (cfg.pci23) configWrite();
  writeIntxMask(n, cfg, true, owner);
  return true;
}

export function intxSteps(cfg: Config): Steps {
  const late = handlerFlagsLate(cfg) && cfg.pci23;
  const intxTitle = !cfg.pci23
    ? 'INTx on its exclusive line (!pci_2_3): disable_irq_nosync, ctx->masked := true, no config access'
    : late
      ? 'INTx on the shared line: if not masked, check-and-mask (config read/write) under irqlock (M21 bug: ctx->masked set later)'
      : 'INTx on the shared line: if not masked, check-and-mask (config read/write) under irqlock';
  const msiTitle = cfg.msiLive ? 'MSI/MSI-X from the device in D0: vfio_msihandler signals the trigger eventfd (no device access, no PM)' : intxTitle;
  const steps: Steps = {
    I_idle: {
      title: ({ irq }: { irq: Irq }) => (irq === 'MSI' ? msiTitle : intxTitle),
      params: { irq: cfg.msiLive ? ['INTX', 'MSI'] : ['INTX'] },
      when: (s, _self, { irq }: { irq: Irq }) => {
        if (s.I.left === 0 || s.irq !== irq) return false;
        // Only a powered device sends MSIs, and none through vectors the kernel masked.
        if (irq === 'MSI') return s.power === 'D0' && !s.msiMasked;
        // The !pci_2_3 line is exclusive: it fires only while enabled at the controller.
        return cfg.pci23 || s.irqDepth === 0;
      },
      do: (n) => {
        if (n.irq === 'MSI') {
          n.I.left--;
          return 'I_idle';
        }
        if (!cfg.pci23) {
          // No test of ctx->masked: the disabled exclusive line cannot fire again.
          n.irqDepth = depthAfter(n.irqDepth, 1);
          n.intxMasked = true;
          n.intxOwner = 'USER';
        } else if (!n.intxMasked) {
          // Masked: the handler returns without touching the device. Because the suspend
          // callback masks INTx (W3), a shared-line interrupt never reaches a suspended device.
          cfgAccess(n, 'INTx handler: pci_check_and_mask_intx', false);
          // A delivered interrupt leaves the line masked for the user to unmask: the user owns it.
          if (late) return 'I_flag';
          writeIntxMask(n, cfg, true, 'USER');
        }
        n.I.left--;
        return 'I_idle';
      },
    },
    I_flag: {
      title: 'INTx handler (M21 bug): irqlock dropped, now set ctx->masked and signal the trigger eventfd',
      do: (n) => {
        writeIntxMask(n, cfg, true, 'USER');
        n.I.left--;
        return 'I_idle';
      },
    },
  };
  if (!late) delete steps.I_flag;
  return steps;
}

export function unmaskEventfdSteps(cfg: Config): Steps {
  return {
    X_idle: {
      title: cfg.pci23
        ? 'INTx unmask eventfd fires: unmask handler, check-and-unmask (config) with NO PM reference'
        : 'INTx unmask eventfd fires: unmask handler, enable_irq (!pci_2_3) with NO PM reference',
      when: (s) => s.X.left > 0 && s.irq === 'INTX',
      do: (n) => {
        if (n.intxMasked) {
          if (cfg.pci23) cfgAccess(n, 'INTx unmask eventfd: pci_check_and_unmask_intx', false);
          writeIntxMask(n, cfg, false, 'NONE');
        }
        n.X.left--;
        return 'X_idle';
      },
    },
  };
}
