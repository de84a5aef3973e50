// General LTL temporal properties (docs/liveness-ltl.md): a client requests, a
// server grants or denies (at most twice in a row), the client releases.
//
//   property = Responds             []<>requested => []<>granted               holds
//   property = GrantOnlyOnRequest   [][~granted /\ granted' => requested]_vars  holds
//   property = WeakUntil            ~granted W requested                        holds
//   property = StrongUntil          ~granted U requested                        violated: the client may never request
//   property = StableAfterGrant     [](granted => <>[]granted)                  violated: the client releases
import { always, c, defineSpec, eventuallyAlways, implies, infinitelyOften, model, not, or, stepWhere, t, until } from '../../spec/index.js';

interface State {
  requested: boolean;
  granted: boolean;
  denials: number;
}

const requested = (s: State) => s.requested;
const granted = (s: State) => s.granted;
const notGranted = (s: State) => !s.granted;

const properties = {
  // A compound premise: no fixed form says "if ... infinitely often, then ...".
  Responds: () => implies(infinitelyOften(requested), infinitelyOften(granted)),
  // An action property, [][A]_vars: no step grants without a pending request.
  GrantOnlyOnRequest: () => always(not(stepWhere((s: State, next: State) => !s.granted && next.granted && !s.requested, 'GrantWithoutRequest'))),
  // Weak until, from strong until: not granted until requested, or never granted.
  WeakUntil: () => or(until(notGranted, requested), always(notGranted)),
  StrongUntil: () => until(notGranted, requested),
  // Nesting: once granted, granted for ever after some point.
  StableAfterGrant: () => always(implies(granted, eventuallyAlways(granted))),
};

export default defineSpec({
  name: 'request-grant',
  description: 'General LTL temporal properties over a request/grant protocol (docs/liveness-ltl.md)',
  constants: {
    property: c.enum(['Responds', 'GrantOnlyOnRequest', 'WeakUntil', 'StrongUntil', 'StableAfterGrant'], 'Responds', 'the temporal property checked'),
  },
  build: ({ property }) =>
    model({ requested: t.bool(), granted: t.bool(), denials: t.int(0, 2) })
      .initial({ requested: false, granted: false, denials: 0 })
      .action('Request', { when: (s) => !s.requested }, (n) => void (n.requested = true))
      .action('Deny', { when: (s) => s.requested && !s.granted && s.denials < 2 }, (n, _, s) => {
        n.requested = false;
        n.denials = s.denials + 1;
      })
      .action('Grant', { when: (s) => s.requested && !s.granted }, (n) => void (n.granted = true))
      .action('Release', { when: (s) => s.granted }, (n) => {
        n.requested = false;
        n.granted = false;
        n.denials = 0;
      })
      .deadlock(false)
      .fairness('WF', { action: 'Grant' })
      .fairness('WF', { action: 'Release' })
      .temporal(property, properties[property]()),
});
