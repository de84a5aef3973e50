// `node dist/bench/two-threads.js`: how much two threads of plain arithmetic (no
// shared memory, no allocation) gain over one on this machine. A ceiling for any
// 2-worker speed-up: if two vCPUs share one physical core, it is well below 2.
import { Worker } from 'node:worker_threads';

const ITERATIONS = 400_000_000;
const body = `
  const { parentPort, workerData } = require('node:worker_threads');
  let x = 1;
  for (let i = 0; i < workerData; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
  parentPort.postMessage(x);
`;

async function run(threads: number): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: threads }, () => new Promise((resolve, reject) => {
      const worker = new Worker(body, { eval: true, workerData: ITERATIONS });
      worker.once('message', resolve);
      worker.once('error', reject);
    })),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const one = await run(1);
const two = await run(2);
// Two threads did twice the work: the speed-up is 2 × one / two.
console.log(`one thread ${one.toFixed(0)} ms, two threads (twice the work) ${two.toFixed(0)} ms: speed-up ${((2 * one) / two).toFixed(2)}x`);
