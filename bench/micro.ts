// `npm run bench:micro`: benny micro-benchmarks of the hot-path pieces, on the
// twophase model (RM=7) and, once it is registered, vfio-pm's smoke configuration.
import { SMOKE as VFIO_SMOKE } from '../models/vfio-pm/config.js';
import benny from 'benny';
import { prepare } from '../checker/check.js';
import { Fingerprinter } from '../checker/state/fingerprint.js';
import { FingerprintSet } from '../checker/search/visited-set.js';
import { registry } from '../models/registry.js';

async function suiteFor(name: string, constants: Record<string, unknown>): Promise<void> {
  const load = registry[name];
  if (!load) {
    console.log(`${name}: not registered, skipped`);
    return;
  }
  const { runtime } = prepare((await load()).default, constants);
  const codec = runtime.codec;
  const initial = runtime.initialStates()[0]!;
  const words = new Int32Array(codec.words);
  codec.encode(initial, words, 0);
  const current = codec.createScratch();
  const draft = codec.createScratch();
  const state = current.decode(words, 0);
  const fingerprint = new Fingerprinter();
  let table = new FingerprintSet(1 << 20);
  let counter = 0;

  await benny.suite(
    `${name} ${JSON.stringify(constants)} (${codec.words} words per state)`,
    benny.add('encode a state', () => codec.encode(state, words, 0)),
    benny.add('decode a state', () => current.decode(words, 0)),
    benny.add('copy a state into a draft', () => draft.copyFrom(state)),
    benny.add('fingerprint', () => fingerprint.compute(words, 0, codec.words)),
    benny.add('visited-set insert (new keys)', () => {
      if (table.size > 1 << 22) table = new FingerprintSet(1 << 20);
      counter++;
      table.insert(Math.imul(counter, 0x9e3779b1), counter);
    }),
    benny.add('successor generation of the initial state', () => runtime.forEachSuccessor(state, draft, () => undefined)),
    benny.cycle(),
    benny.complete(),
  );
}

await suiteFor('twophase', { RM: 7 });
await suiteFor('vfio-pm', { ...VFIO_SMOKE }); // the smoke configuration (the default before issue 11)
