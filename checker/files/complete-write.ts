import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** fs.writeSync's buffer form: returns how many bytes it wrote, which may be fewer than asked. */
export type WriteFunction = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/**
 * Writes every byte of `data` to `fd` or throws. A write(2) may write fewer bytes
 * than asked (a nearly full disk writes what fits and fails only on the next
 * call), so a single writeSync can leave a file that looks whole and is not: loop
 * until done. A write that makes no progress is reported as ENOSPC rather than
 * retried forever. `write` is a seam for tests.
 */
export function writeFully(fd: number, data: Uint8Array, write: WriteFunction = writeSync): void {
  const BLOCK = 8 << 20;
  for (let at = 0; at < data.length; ) {
    const written = write(fd, data, at, Math.min(BLOCK, data.length - at));
    if (!(written > 0)) throw Object.assign(new Error(`write made no progress at byte ${at} of ${data.length}`), { code: 'ENOSPC' });
    at += written;
  }
}

/**
 * Writes `file` complete or not at all: into a temporary file in the same
 * directory, fully, flushed, then renamed over the target. A full disk or a
 * crash leaves the old file or the new one, never a truncated one, and no
 * temporary file. A target that exists and is neither a file nor a directory
 * (/dev/stdout, a FIFO) is written in place: renaming over it would replace the
 * device.
 */
export function writeFileAtomically(file: string, content: string | Uint8Array, mode = 0o644): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    const fd = openSync(file, 'w');
    try {
      writeFully(fd, bytes);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', mode);
    writeFully(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temporary);
    throw error;
  }
}

const reasons: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** A file-system error as a few words and its code: "no space left on the device (ENOSPC)". */
export function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code && Object.hasOwn(reasons, code)) return `${reasons[code]} (${code})`;
  return code ?? (error as Error)?.message ?? String(error);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already failing: the write error is the one to report
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // nothing was created
  }
}
