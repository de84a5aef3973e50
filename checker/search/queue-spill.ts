import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { writeFully } from '../files/complete-write.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, VigilError } from '../errors.js';

/**
 * Disk storage for whole BFS-queue chunks that do not fit the queue's memory
 * budget. A chunk is written once, in one sequential write, when it fills, and read
 * back once, in one sequential read, when the search reaches it; its file is deleted
 * then. No I/O is ever done per state. Files live in a private temporary directory
 * that `close` removes.
 */
export class QueueSpill {
  private directory: string | undefined;
  private readonly files = new Map<number, string>();
  /** Bytes currently on disk, and the most there ever were. */
  bytesOnDisk = 0;
  peakBytesOnDisk = 0;
  chunksWritten = 0;

  constructor(private readonly parent: string = tmpdir()) {}

  has(chunkIndex: number): boolean {
    return this.files.has(chunkIndex);
  }

  write(chunkIndex: number, chunk: Int32Array): void {
    const file = join(this.ensureDirectory(), `chunk-${chunkIndex}.bin`);
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    io(file, 'writing', () => {
      const fd = openSync(file, 'w');
      try {
        writeFully(fd, bytes);
      } finally {
        closeSync(fd);
      }
    });
    this.files.set(chunkIndex, file);
    this.chunksWritten++;
    this.bytesOnDisk += bytes.length;
    if (this.bytesOnDisk > this.peakBytesOnDisk) this.peakBytesOnDisk = this.bytesOnDisk;
  }

  /** Reads chunk `chunkIndex` into `into` (a released chunk is reused) and deletes its file. */
  read(chunkIndex: number, into: Int32Array): void {
    const file = this.peek(chunkIndex, into);
    io(file, 'removing', () => rmSync(file));
    this.files.delete(chunkIndex);
    this.bytesOnDisk -= into.byteLength;
  }

  /** Reads chunk `chunkIndex` into `into` and keeps its file (a snapshot of a queue that goes on); returns the file. */
  peek(chunkIndex: number, into: Int32Array): string {
    const file = this.files.get(chunkIndex)!;
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    io(file, 'reading', () => {
      const fd = openSync(file, 'r');
      try {
        let done = 0;
        while (done < bytes.length) {
          const got = readSync(fd, bytes, done, bytes.length - done, done);
          if (got === 0) throw Object.assign(new Error('short file'), { code: 'ESHORT' });
          done += got;
        }
      } finally {
        closeSync(fd);
      }
    });
    return file;
  }

  /** Removes the directory and whatever is left in it (a search that stopped early). */
  close(): void {
    if (this.directory) rmSync(this.directory, { recursive: true, force: true });
    process.off('exit', this.removeAtExit);
    this.directory = undefined;
    this.files.clear();
    this.bytesOnDisk = 0;
  }

  private ensureDirectory(): string {
    if (this.directory === undefined) {
      this.directory = io(this.parent, 'creating a directory in', () => mkdtempSync(join(this.parent, 'vigil-queue-')));
      // process.exit() (a second SIGINT quits at once) skips close(): remove the chunks on the way out too.
      process.on('exit', this.removeAtExit);
    }
    return this.directory;
  }

  private readonly removeAtExit = (): void => {
    if (this.directory) rmSync(this.directory, { recursive: true, force: true });
  };
}

/** Runs a file operation; a failure is one line naming the file (exit 153, a system error). */
function io<T>(file: string, doing: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new VigilError(`BFS queue spill: ${doing} ${file} failed (${code})`, ExitCode.system);
  }
}
