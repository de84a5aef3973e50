/**
 * The corpus originals of the translations in this folder: for each entry of
 * conformance.yaml that runs a translation with the constants and config of a
 * model in github.com/tlaplus/Examples, the spec and cfg there (paths inside a
 * checkout). The checkout is not part of this repository; the translations
 * test and `npm run conformance:translations -- PATH` read it in place.
 */
export interface CorpusOriginal {
  /** The conformance.yaml entry (its model and constants). */
  readonly entry: string;
  readonly spec: string;
  readonly cfg: string;
}

export const CORPUS_ORIGINALS: readonly CorpusOriginal[] = [
  { entry: 'TCommit', spec: 'specifications/transaction_commit/TCommit.tla', cfg: 'specifications/transaction_commit/TCommit.cfg' },
  { entry: 'TwoPhase', spec: 'specifications/transaction_commit/TwoPhase.tla', cfg: 'specifications/transaction_commit/TwoPhase.cfg' },
  { entry: 'Peterson', spec: 'specifications/locks_auxiliary_vars/Peterson.tla', cfg: 'specifications/locks_auxiliary_vars/Peterson.cfg' },
  { entry: 'DiningPhilosophers', spec: 'specifications/DiningPhilosophers/DiningPhilosophers.tla', cfg: 'specifications/DiningPhilosophers/DiningPhilosophers.cfg' },
  { entry: 'CoffeeCan', spec: 'specifications/CoffeeCan/CoffeeCan.tla', cfg: 'specifications/CoffeeCan/CoffeeCan100Beans.cfg' },
  { entry: 'Chameneos', spec: 'specifications/Chameneos/Chameneos.tla', cfg: 'specifications/Chameneos/Chameneos.cfg' },
  { entry: 'AsyncTerminationDetection', spec: 'specifications/ewd998/AsyncTerminationDetection.tla', cfg: 'specifications/ewd998/AsyncTerminationDetection.cfg' },
  { entry: 'TokenRing', spec: 'specifications/ewd426/TokenRing.tla', cfg: 'specifications/ewd426/TokenRing.cfg' },
  { entry: 'Bakery', spec: 'specifications/Bakery-Boulangerie/MCBakery.tla', cfg: 'specifications/Bakery-Boulangerie/MCBakery.cfg' },
  { entry: 'DieHard', spec: 'specifications/DieHard/DieHard.tla', cfg: 'specifications/DieHard/DieHard.cfg' },
  { entry: 'MissionariesAndCannibals', spec: 'specifications/MissionariesAndCannibals/MissionariesAndCannibals.tla', cfg: 'specifications/MissionariesAndCannibals/MissionariesAndCannibals.cfg' },
  { entry: 'Hanoi', spec: 'specifications/tower_of_hanoi/Hanoi.toolbox/Model_1/MC.tla', cfg: 'specifications/tower_of_hanoi/Hanoi.toolbox/Model_1/MC.cfg' },
  { entry: 'L1 LiveHourClock, LSpec, AlwaysTick AllTimes TypeInvariance', spec: 'specifications/SpecifyingSystems/Liveness/LiveHourClock.tla', cfg: 'specifications/SpecifyingSystems/Liveness/LiveHourClock.cfg' },
  { entry: 'L3 Prisoners, Safety Liveness', spec: 'specifications/Prisoners/Prisoners.tla', cfg: 'specifications/Prisoners/Prisoners.cfg' },
  { entry: 'L7 ChangRoberts, fair process, Liveness', spec: 'specifications/chang_roberts/MCChangRoberts.tla', cfg: 'specifications/chang_roberts/MCChangRoberts.cfg' },
  { entry: 'L11 AlternatingBit, ABSpec (SF), SentLeadsToRcvd (ABCSpec not checked)', spec: 'specifications/SpecifyingSystems/TLC/MCAlternatingBit.tla', cfg: 'specifications/SpecifyingSystems/TLC/MCAlternatingBit.cfg' },
  { entry: 'L13 SingleLaneBridge, CarsInBridgeExitBridge CarsEnterBridge', spec: 'specifications/SingleLaneBridge/MC.tla', cfg: 'specifications/SingleLaneBridge/MC.cfg' },
  { entry: 'DijkstraMutex (S2 without symmetry)', spec: 'specifications/dijkstra-mutex/DijkstraMutex.toolbox/LSpec-model/MC.tla', cfg: 'specifications/dijkstra-mutex/DijkstraMutex.toolbox/LSpec-model/MC.cfg' },
];
