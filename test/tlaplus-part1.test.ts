// Conformance with TLC for the first half of the tlaplus/Examples translations:
// each model must reproduce TLC's published figures (distinct / generated / depth)
// in the fast engine, and the reference explorer must agree with it.
import test from 'ava';
import type { Spec } from '../spec/index.js';
import chameneos from '../models/tlaplus/Chameneos.js';
import coffeeCan from '../models/tlaplus/CoffeeCan.js';
import diningPhilosophers from '../models/tlaplus/DiningPhilosophers.js';
import peterson from '../models/tlaplus/Peterson.js';
import tcommit from '../models/tlaplus/TCommit.js';
import twoPhase from '../models/tlaplus/TwoPhase.js';
import { checkBothEngines } from './helpers/engines.js';

interface TlcFigures {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
}

/** One test per model: TLC's verdict "ok" and its exact counts, in both engines. */
function matchesTlc(title: string, spec: Spec, constants: Record<string, unknown>, tlc: TlcFigures): void {
  test(`${title} matches TLC (${tlc.distinct} / ${tlc.generated} / ${tlc.depth}) in both engines`, (t) => {
    const result = checkBothEngines(t, spec, constants);
    t.is(result.verdict, 'ok');
    t.is(result.exitCode, 0);
    t.true(result.complete);
    t.deepEqual({ distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth }, { ...tlc });
  });
}

matchesTlc('TCommit RM=3', tcommit, { RM: 3 }, { distinct: 34, generated: 94, depth: 7 });
matchesTlc('TwoPhase RM=3', twoPhase, { RM: 3 }, { distinct: 288, generated: 1146, depth: 11 });
matchesTlc('Peterson', peterson, {}, { distinct: 42, generated: 77, depth: 11 });
matchesTlc('DiningPhilosophers NP=5', diningPhilosophers, { NP: 5 }, { distinct: 67, generated: 336, depth: 29 });
matchesTlc('CoffeeCan MaxBeanCount=100', coffeeCan, { MaxBeanCount: 100 }, { distinct: 5150, generated: 20002, depth: 1 });
matchesTlc('Chameneos N=4 M=4', chameneos, { N: 4, M: 4 }, { distinct: 34534, generated: 104697, depth: 13 });
