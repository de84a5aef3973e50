// States per second of the explorer's goal search: the fast engine (fast-goal-search.ts)
// against the plain-object search (search.ts), on a goal that is never met so both
// run to their state limit. Run: npx tsc -p tsconfig.json && node dist/bench/goal-search.js
import { prepare } from '../checker/check.js';
import { fastShortestPath } from '../checker/explorer/fast-goal-search.js';
import { initialStep } from '../checker/explorer/path.js';
import { shortestPath, type SearchResult } from '../checker/explorer/search.js';
import twophase from '../models/examples/twophase.js';
import vfio from '../models/vfio-pm/index.js';

const never = { state: () => false };
const cases = [
  { name: 'vfio-pm threads=2', spec: vfio, constants: { threads: 2 }, fastLimit: 200_000, plainLimit: 20_000 },
  { name: 'twophase RM=6', spec: twophase, constants: { RM: 6 }, fastLimit: 200_000, plainLimit: 20_000 },
];

for (const { name, spec, constants, fastLimit, plainLimit } of cases) {
  const model = prepare(spec, constants).runtime;
  const starts = model.initialStates().map((_, i) => initialStep(model, i));
  const fast = timed(() => fastShortestPath(model, starts, never, { maxStates: fastLimit }));
  const plain = timed(() => shortestPath(model, starts, never, { maxStates: plainLimit }));
  console.log(`${name}: fast ${fast.explored} states in ${fast.ms} ms (${fast.rate} states/s); plain ${plain.explored} states in ${plain.ms} ms (${plain.rate} states/s); ${(fast.rate / plain.rate).toFixed(1)}x`);
}

function timed(run: () => SearchResult): { explored: number; ms: number; rate: number } {
  const started = process.hrtime.bigint();
  const result = run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { explored: result.explored, ms: Math.round(ms), rate: Math.round((result.explored / ms) * 1000) };
}
