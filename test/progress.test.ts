import test from 'ava';
import { progressPrinter } from '../checker/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) > 0 } as unknown as NodeJS.WriteStream };
}

const info = { elapsedMs: 60_000, depth: 7, distinctStates: 1000, generatedStates: 5000, queueLeft: 42 };

test('on a terminal the engine reports twice a second and a live line is redrawn in place', (t) => {
  const { writes, stream } = fakeStream(true);
  const printer = progressPrinter(10, stream);
  t.is(printer.engineIntervalMs, 500);
  printer.onProgress(info);
  t.deepEqual(writes, ['\r\x1b[K1000 distinct, 5000 generated, depth 7, queue 42']);
  printer.finish();
  t.is(writes[1], '\r\x1b[K');
});

test('without a terminal only TLC progress lines are written, at the requested interval', (t) => {
  const { writes, stream } = fakeStream(false);
  const printer = progressPrinter(0, stream);
  t.is(printer.engineIntervalMs, 0);
  printer.onProgress(info);
  t.is(writes.length, 1);
  t.regex(writes[0]!, /^Progress\(7\) at .+: 5000 states generated \(5000 s\/min\), 1000 distinct states found \(1000 ds\/min\), 42 states left on queue\.\n$/);
  printer.finish();
  t.is(writes.length, 1);
});
