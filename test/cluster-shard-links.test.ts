import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskLinks, MemoryLinks, type ShardLinkStore } from '../checker/cluster/shard-links.js';

// 11 links over chunks of 4: two chunks on disk, three in memory.
function fill(links: ShardLinkStore): void {
  for (let local = 0; local < 11; local++) links.add(local === 0 ? -1 : local * 4096 + 3 + 2 ** 40, local * 2);
}

function readBack(links: ShardLinkStore, from = 0) {
  // A part may be a reused buffer: each is read as it is taken, as a snapshot does.
  const parents = Array.from(links.parentWords(from), (words) => [...new Float64Array(words.slice().buffer)]).flat();
  const successors = Array.from(links.successorParts(from), (part) => [...part]).flat();
  return { parents, successors, each: Array.from({ length: links.size }, (_, local) => links.get(local)) };
}

test('links on disk read back as the same links in memory: one by one and as snapshot sections', (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'vigil-links-test-'));
  try {
    const onDisk = new DiskLinks(4, parent);
    const inMemory = new MemoryLinks();
    fill(onDisk);
    fill(inMemory);
    t.is(onDisk.size, 11);
    t.deepEqual(readBack(onDisk), readBack(inMemory));
    // A snapshot segment reads the links from a state on: in the first chunk, the second, or those in memory.
    for (const from of [0, 1, 5, 8, 9, 11]) {
      const part = readBack(onDisk, from);
      t.deepEqual(part.successors, Array.from({ length: 11 - from }, (_, i) => (from + i) * 2), `from ${from}`);
      t.deepEqual(part, readBack(inMemory, from), `from ${from}`);
    }
    t.deepEqual(onDisk.get(5), { parent: 5 * 4096 + 3 + 2 ** 40, successorIndex: 10 }, 'a link from the second chunk, on disk');
    t.deepEqual(onDisk.get(10), { parent: 10 * 4096 + 3 + 2 ** 40, successorIndex: 20 }, 'a link still in memory');
    t.is(readdirSync(parent).length, 1);
    onDisk.close();
    t.false(existsSync(join(parent, readdirSync(parent)[0] ?? 'none')), 'close removes its files');
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
