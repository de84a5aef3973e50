import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ExitCode } from '../errors.js';

/**
 * Output files (--report, --trace-out, --junit, --dump-dot, --report-dir) are
 * written to a temporary file in the same directory, flushed, then renamed over
 * the target: a reader, a full disk or a crash never leaves a truncated file, only
 * the old one or the new one. A target that exists and is neither a file nor a
 * directory (/dev/stdout, a FIFO) is written in place: renaming over it would
 * replace the device.
 */
export function writeFileAtomically(file: string, text: string): void {
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    writeFileSync(file, text);
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o644);
    writeSync(fd, text);
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

/**
 * Writes the outputs a run asked for. A file that cannot be written is one line
 * on stderr; the run goes on (its verdict is still printed) and `exitCode` keeps
 * the verdict's code, except that a passing run (0) becomes 153: the exit code
 * never hides a violation, and never says "all done" when an output is missing.
 */
export class OutputFiles {
  private failed = false;

  /** True if written. */
  write(flag: string, file: string, text: () => string): boolean {
    try {
      writeFileAtomically(file, text());
      return true;
    } catch (error) {
      this.fail(flag, file, error);
      return false;
    }
  }

  fail(flag: string, file: string, error: unknown): void {
    this.failed = true;
    process.stderr.write(`vigil: ${flag} ${file}: cannot write the file: ${describeWriteError(error)}\n`);
  }

  exitCode(verdictCode: number): number {
    return this.failed && verdictCode === 0 ? ExitCode.system : verdictCode;
  }
}

const reasons: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
};

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
