import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { writeFully } from '../files/complete-write.js';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { ConfigError } from '../errors.js';

/**
 * One snapshot file: typed-array sections written block by block (no per-state
 * I/O, no copy of the arrays), then a JSON header and a fixed trailer:
 *
 *   [section 0 bytes][section 1 bytes]...[header JSON][header CRC-32: uint32 LE][header length: uint32 LE][MAGIC]
 *
 * The header names each section's element type, length and CRC-32, so a reader
 * can check every byte before using it; the header's own CRC-32 covers its
 * counters and identity, so an edited count is refused too. The header comes last so the file is
 * written in one forward pass while the checksums are computed.
 *
 * Writes are atomic: the file is written under a temporary name in the same
 * directory, fsynced, renamed over the previous snapshot, and the directory is
 * fsynced. A crash at any moment leaves either the previous snapshot or the new
 * one, never a mixture.
 */
export type Column = Int32Array | Uint8Array | Uint16Array | Uint32Array;
type ColumnType = 'int32' | 'uint8' | 'uint16' | 'uint32';

/**
 * A section to write: arrays of the same element type, stored end to end. Any
 * iterable: each part is written before the next is taken, so a generator may
 * reuse one buffer (the trace links decode their parent column that way).
 */
export interface SectionToWrite {
  readonly name: string;
  readonly parts: Iterable<Column>;
}

interface SectionHeader {
  readonly name: string;
  readonly type: ColumnType;
  readonly length: number;
  readonly crc: number;
}

const MAGIC = Buffer.from('VIGILCP2', 'latin1');
/** Files of the first format, whose header had no checksum. */
const OLD_MAGIC = Buffer.from('VIGILCP1', 'latin1');
const TRAILER_BYTES = 8 + MAGIC.length;
const BLOCK_BYTES = 8 << 20;
const MAX_HEADER_BYTES = 64 << 20;

/** Where a snapshot's bytes go, in order. */
type ByteSink = (data: Buffer) => void;

/** Writes `file` atomically; returns the bytes written. */
export function writeSnapshotFile(file: string, header: object, sections: readonly SectionToWrite[]): number {
  const temporary = `${file}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    const bytes = writeSnapshot((data) => writeFully(fd, data), header, sections);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, file);
    syncDirectory(dirname(file));
    return bytes;
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The same format in memory, as one array (small snapshots; see `snapshotPieces` for large ones). */
export function encodeSnapshot(header: object, sections: readonly SectionToWrite[]): Uint8Array {
  const pieces: Buffer[] = [];
  for (const piece of snapshotPieces(header, sections)) pieces.push(Buffer.from(piece));
  const bytes = Buffer.concat(pieces);
  // A plain Uint8Array: a Buffer's slice() would share memory, a Uint8Array's copies.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function writeSnapshot(sink: ByteSink, header: object, sections: readonly SectionToWrite[]): number {
  let bytes = 0;
  for (const piece of snapshotPieces(header, sections)) {
    sink(piece);
    bytes += piece.length;
  }
  return bytes;
}

/**
 * The snapshot's bytes in order, as views of at most `maxBytes` (the sections'
 * own memory, no copy): a view is valid until the next one is taken, so a
 * consumer that keeps one copies it. A snapshot streamed this way may be larger
 * than the 4 GiB a single Buffer can hold.
 */
export function* snapshotPieces(header: object, sections: readonly SectionToWrite[], maxBytes = VIEW_BYTES): Generator<Buffer> {
  const described: SectionHeader[] = [];
  for (const section of sections) {
    let crc = 0;
    let length = 0;
    let first: Column | undefined;
    for (const part of section.parts) {
      first ??= part;
      for (const view of byteViews(part, maxBytes)) {
        crc = crc32(view, crc);
        yield view;
      }
      length += part.length;
    }
    described.push({ name: section.name, type: typeOf(first), length, crc });
  }
  const json = Buffer.from(JSON.stringify({ ...header, sections: described }), 'utf8');
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeUInt32LE(crc32(json), 0);
  trailer.writeUInt32LE(json.length, 4);
  MAGIC.copy(trailer, 8);
  yield json;
  yield trailer;
}

/** A snapshot read back: its header (unchecked JSON) and its sections, checksums verified. */
export interface SnapshotRead {
  readonly header: Record<string, unknown>;
  readonly sections: ReadonlyMap<string, Column>;
  readonly bytes: number;
}

/** Where a snapshot is read from: its size, and reads of whole ranges. */
interface ByteSource {
  readonly size: number;
  readAt(into: Buffer, position: number): void;
}

/** Reads and verifies a snapshot file; a damaged or foreign file is one ConfigError line. */
export function readSnapshotFile(file: string, readSections = true): SnapshotRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`${file}: no checkpoint there (nothing was saved yet, or this is not a checkpoint directory)`);
    throw new ConfigError(`${file}: cannot read the checkpoint (${code ?? (error as Error).message})`);
  }
  try {
    const stats = fstatSync(fd);
    const bad = (why: string) => new ConfigError(`${file}: not a usable Vigil checkpoint (${why})`);
    if (stats.isDirectory()) throw bad('it is a directory, not a file');
    if (!stats.isFile()) throw bad('it is not a regular file');
    return readSnapshot({ size: stats.size, readAt: (into, position) => readAll(fd, into, position) }, bad, readSections);
  } finally {
    closeSync(fd);
  }
}

/** Reads and verifies a snapshot held in memory; `bad` makes the error for a damaged one. */
export function decodeSnapshot(bytes: Uint8Array, bad: (why: string) => Error): SnapshotRead {
  return decodeSnapshotPieces([bytes], bad);
}

/** A snapshot held as consecutive pieces (as read from a stream), none of them copied into one array. */
export function decodeSnapshotPieces(pieces: readonly Uint8Array[], bad: (why: string) => Error): SnapshotRead {
  const starts: number[] = [];
  let size = 0;
  for (const piece of pieces) {
    starts.push(size);
    size += piece.byteLength;
  }
  const readAt = (into: Buffer, position: number): void => {
    if (position + into.length > size) throw bad('it ends early');
    let index = pieceAt(starts, position);
    for (let copied = 0; copied < into.length; index++) {
      const piece = pieces[index]!;
      const from = position + copied - starts[index]!;
      const count = Math.min(piece.byteLength - from, into.length - copied);
      into.set(piece.subarray(from, from + count), copied);
      copied += count;
    }
  };
  return readSnapshot({ size, readAt }, bad, true);
}

/** The index of the piece holding byte `position` (binary search over the pieces' start offsets). */
function pieceAt(starts: readonly number[], position: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

function readSnapshot(source: ByteSource, bad: (why: string) => Error, readSections: boolean): SnapshotRead {
  const size = source.size;
  if (size < TRAILER_BYTES) throw bad('too short');
  const trailer = Buffer.alloc(TRAILER_BYTES);
  source.readAt(trailer, size - TRAILER_BYTES);
  if (trailer.subarray(8).equals(OLD_MAGIC)) throw bad('written by an earlier Vigil in a format without a header checksum; start the check again');
  if (!trailer.subarray(8).equals(MAGIC)) throw bad('wrong magic number');
  const headerBytes = trailer.readUInt32LE(4);
  if (headerBytes > MAX_HEADER_BYTES || headerBytes > size - TRAILER_BYTES) throw bad('bad header length');
  const json = Buffer.alloc(headerBytes);
  const headerAt = size - TRAILER_BYTES - headerBytes;
  source.readAt(json, headerAt);
  if (crc32(json) !== trailer.readUInt32LE(0)) throw bad('the header fails its checksum');
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw bad('the header is not JSON');
  }
  if (typeof header !== 'object' || header === null || !Array.isArray(header.sections)) throw bad('the header has no section list');
  const sections = new Map<string, Column>();
  let at = 0;
  for (const raw of header.sections as unknown[]) {
    const section = checkedSection(raw, bad);
    const byteLength = section.length * BYTES[section.type];
    if (at + byteLength > headerAt) throw bad(`section ${section.name} runs past the end of the data`);
    if (!readSections) {
      at += byteLength;
      continue;
    }
    const column = allocate(section.type, section.length);
    let crc = 0;
    let offset = at;
    for (const view of byteViews(column)) {
      source.readAt(view, offset);
      crc = crc32(view, crc);
      offset += view.length;
    }
    if (crc !== section.crc) throw bad(`section ${section.name} fails its checksum`);
    sections.set(section.name, column);
    at += column.byteLength;
  }
  if (at !== headerAt) throw bad('the sections do not fill the file');
  return { header, sections, bytes: size };
}

/**
 * A column's bytes as Buffer views of at most `maxBytes` each. A Buffer (and a
 * Uint8Array) cannot span more than 4 GiB, while a large run's visited set can:
 * its section is written, read and checksummed one view at a time.
 */
export function* byteViews(column: Column, maxBytes = VIEW_BYTES): Generator<Buffer> {
  for (let at = 0; at < column.byteLength; at += maxBytes) {
    yield Buffer.from(column.buffer, column.byteOffset + at, Math.min(maxBytes, column.byteLength - at));
  }
}

/** The largest view `byteViews` makes: well under Buffer's 4 GiB limit. */
const VIEW_BYTES = 1 << 30;

function checkedSection(raw: unknown, bad: (why: string) => Error): SectionHeader {
  const section = raw as Partial<SectionHeader> | null;
  const types: readonly string[] = ['int32', 'uint8', 'uint16', 'uint32'];
  if (
    typeof section !== 'object' ||
    section === null ||
    typeof section.name !== 'string' ||
    !types.includes(section.type as string) ||
    !Number.isSafeInteger(section.length) ||
    section.length! < 0 ||
    section.length! > 2 ** 33 ||
    !Number.isSafeInteger(section.crc)
  ) {
    throw bad('a section description is malformed');
  }
  return section as SectionHeader;
}

const BYTES: Readonly<Record<ColumnType, number>> = { int32: 4, uint8: 1, uint16: 2, uint32: 4 };

function allocate(type: ColumnType, length: number): Column {
  switch (type) {
    case 'int32':
      return new Int32Array(length);
    case 'uint8':
      return new Uint8Array(length);
    case 'uint16':
      return new Uint16Array(length);
    case 'uint32':
      return new Uint32Array(length);
  }
}

function typeOf(column: Column | undefined): ColumnType {
  if (column instanceof Uint8Array) return 'uint8';
  if (column instanceof Uint16Array) return 'uint16';
  if (column instanceof Uint32Array) return 'uint32';
  return 'int32';
}

function readAll(fd: number, into: Buffer, position: number): void {
  for (let at = 0; at < into.length; ) {
    const read = readSync(fd, into, at, Math.min(BLOCK_BYTES, into.length - at), position + at);
    if (read === 0) throw new ConfigError('checkpoint file ended early');
    at += read;
  }
}

/** Makes a rename durable: fsync the directory entry (not supported everywhere, so best effort). */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
