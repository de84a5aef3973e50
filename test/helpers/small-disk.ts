import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real, nearly full file system: a 64 KiB tmpfs with one free page (4,096
 * bytes). Needs root and mount(2); returns null where that is not permitted (the
 * caller skips), so the seam tests remain the ones that run everywhere.
 */
export function withNearlyFullDisk<T>(use: (dir: string) => T): T | null {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-small-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
  if (!mounted) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  try {
    writeFileSync(join(dir, 'filler'), Buffer.alloc(60 * 1024));
    return use(dir);
  } finally {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}
