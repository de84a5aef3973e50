// vfio-pm: the Linux vfio-pci runtime power-management protocol
// (VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY / _ENTRY_WITH_WAKEUP / _EXIT, Linux 6.1),
// modelled from the brief in /work/shared/design/vfio-runtime-pm.md. Each kernel
// thread is a process whose labels follow the kernel path; every step's name
// starts with its actor (U1, V, H, W, C, I, X, P, S, A, K, B).
import { defineSpec, model, type ModelBuilder } from '../../spec/index.js';
import { configOf, constants } from './config.js';
import { leftOut } from './coverage.js';
import { hostSteps } from './host.js';
import { pmeSteps, sriovSteps, sysfsSteps } from './host-admin.js';
import { intxSteps, unmaskEventfdSteps } from './interrupts.js';
import { ioctlSteps } from './ioctl.js';
import { ioeventfdSteps } from './ioeventfd.js';
import { lifecycleSteps } from './lifecycle.js';
import { clearRuntimeError } from './failures.js';
import { presentVfio } from './presentation.js';
import { addProperties, allIdle } from './properties.js';
import { addLiveness } from './liveness.js';
import type { Steps } from './runtime-pm.js';
import { globalSchema, initialGlobals, processDecls, type State } from './state.js';
import { vcpuSteps } from './vcpu.js';
import { siblingSuspendable, workerSteps } from './worker.js';

export default defineSpec({
  name: 'vfio-pm',
  description: 'vfio-pci runtime PM: LOW_POWER_ENTRY / ENTRY_WITH_WAKEUP / EXIT (Linux 6.1) with design variants and mutants',
  constants,
  notes: leftOut,
  build: (k) => {
    const cfg = configOf(k);
    const p = processDecls(cfg);
    const m = model(globalSchema())
      .process('U', p.U)
      .process('V', p.V)
      .process('H', p.H)
      .process('C', p.C)
      .process('I', p.I)
      .process('X', p.X)
      .process('P', p.P)
      .process('S', p.S)
      .process('A', p.A)
      .process('K', p.K)
      .process('W', p.W) as unknown as ModelBuilder<State>;
    // An absent actor keeps its (constant) variable but gets no steps: fewer guards.
    const steps = (family: keyof typeof p, present: boolean, make: () => Steps) => {
      if (present) m.steps(family, make() as never);
    };
    m.initial(() => initialGlobals(cfg) as State);
    // Declaration order is successor order: it only decides which of two equally
    // short counterexamples is reported.
    steps('U', cfg.threads > 0 && cfg.budget > 0, () => ioctlSteps(cfg));
    steps('V', cfg.vcpu > 0, () => vcpuSteps(cfg));
    steps('H', cfg.host > 0, () => hostSteps(cfg));
    steps('C', true, () => lifecycleSteps(cfg));
    steps('I', cfg.intx > 0, () => intxSteps(cfg));
    steps('X', cfg.unmaskfd > 0, () => unmaskEventfdSteps(cfg));
    steps('P', cfg.pme > 0, () => pmeSteps(cfg));
    steps('S', cfg.sysfs > 0, () => sysfsSteps(cfg));
    steps('A', cfg.sriov > 0, () => sriovSteps(cfg));
    steps('K', cfg.ioeventfd > 0, () => ioeventfdSteps);
    steps('W', true, () => workerSteps(cfg));
    if (cfg.failures && cfg.recover) {
      m.action('PM core: pm_runtime_set_suspended, runtime_error cleared (nothing in flight)', { when: (s) => s.rpmError && allIdle(cfg, s) }, (n) => {
        clearRuntimeError(n);
      });
    }
    if (cfg.sibling) {
      m.action('B: runtime suspend of the unused sibling (usage 0)', { when: siblingSuspendable }, (n) => {
        n.bStatus = 'SUSPENDED';
      });
    }
    addProperties(m, cfg);
    presentVfio(m);
    // Threads choosing from the same menu are interchangeable; a script makes them asymmetric.
    if (cfg.threads > 1 && !cfg.script) m.symmetricProcesses('U');
    if (k.liveness) addLiveness(m, cfg);
    // Finished runs are not deadlocks; a state where some thread waits forever is (S11).
    return m.terminalWhen((s) => allIdle(cfg, s));
  },
});
