import { Objm, StorageType, setSha256Backend, type ObjectStore } from '@nats-io/obj';
import { ExitCode, VigilError } from '../errors.js';
import { whileServerRecovers, type ClusterLink } from './nats-link.js';

// The store digests every object it puts and reads with SHA-256; its default is a
// pure-JavaScript hash (for browsers), which cost each worker seconds of CPU per
// snapshot of a large shard. Node's own is the native one.
setSha256Backend('native');

/**
 * Chunks of 512 KiB instead of the store's 128 KiB: each chunk is one JetStream
 * publication awaited in turn, so a snapshot of hundreds of MB was thousands of
 * round trips. It stays under NATS's default message limit of 1 MiB.
 */
const CHUNK_BYTES = 512 * 1024;

/**
 * One run's files in JetStream's object store: the run description, the model's
 * source files, each shard's snapshots and a swarm's coverage. The store chunks
 * large objects and checks each object's SHA-256 digest when it is read back, so
 * a snapshot is either restored whole or refused. It is file-backed: it
 * survives a nats-server restart.
 */
export class RunStore {
  private constructor(
    private readonly link: ClusterLink,
    private readonly bucket: ObjectStore,
    readonly name: string,
  ) {}

  /** Creates the run's bucket (the coordinator), or opens it (a worker). */
  static async open(link: ClusterLink, runId: string, create: boolean): Promise<RunStore> {
    const name = bucketOf(runId);
    const objm = new Objm(link.js);
    const bucket = await whileServerRecovers(link, () => (create ? objm.create(name, { storage: StorageType.File }) : objm.open(name)));
    return new RunStore(link, bucket, name);
  }

  async putBytes(object: string, bytes: Uint8Array): Promise<void> {
    await whileServerRecovers(this.link, () => this.bucket.putBlob({ name: object, options: { max_chunk_size: CHUNK_BYTES } }, bytes));
  }

  /**
   * Puts an object streamed from `pieces` (called again for a retry), each piece
   * copied as it is taken: a shard snapshot larger than one Buffer's 4 GiB goes
   * this way, and is never held whole in memory.
   */
  async putPieces(object: string, pieces: () => Iterable<Uint8Array>): Promise<void> {
    await whileServerRecovers(this.link, () => this.bucket.put({ name: object, options: { max_chunk_size: CHUNK_BYTES } }, streamOf(pieces())));
  }

  /** The object's bytes as the pieces the store returns (see putPieces); a missing or damaged object is an error naming it. */
  async getPieces(object: string): Promise<Uint8Array[]> {
    try {
      const pieces = await whileServerRecovers(this.link, async () => {
        const result = await this.bucket.get(object);
        if (result === null) return null;
        const read: Uint8Array[] = [];
        for await (const piece of result.data) read.push(piece);
        const failed = await result.error;
        if (failed) throw failed;
        return read;
      });
      if (pieces !== null) return pieces;
    } catch (error) {
      throw new VigilError(`the run's object store ${this.name}: cannot read ${object}: ${(error as Error).message}`, ExitCode.system);
    }
    throw new VigilError(`the run's object store ${this.name} has no object ${object}`, ExitCode.system);
  }

  async putText(object: string, text: string): Promise<void> {
    await this.putBytes(object, new TextEncoder().encode(text));
  }

  async putJson(object: string, value: unknown): Promise<void> {
    await this.putText(object, JSON.stringify(value));
  }

  /** The object's bytes in one array (small objects); a missing object, or one whose digest does not match, is an error naming it. */
  async getBytes(object: string): Promise<Uint8Array> {
    const pieces = await this.getPieces(object);
    return pieces.length === 1 ? pieces[0]! : new Uint8Array(Buffer.concat(pieces));
  }

  async getText(object: string): Promise<string> {
    return new TextDecoder().decode(await this.getBytes(object));
  }

  /** Best effort: an old snapshot left behind costs space, never correctness (the bucket goes at the end). */
  async delete(object: string): Promise<void> {
    await whileServerRecovers(this.link, () => this.bucket.delete(object)).catch(() => undefined);
  }

  /** Removes the bucket and every object in it (the run is over). */
  async destroy(): Promise<void> {
    await this.bucket.destroy().catch(() => false);
  }
}

/** A pull stream over `pieces`, copying each (a piece may be a view that the next one reuses). */
function streamOf(pieces: Iterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = pieces[Symbol.iterator]();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value));
    },
  });
}

/** Object names: one place, so the coordinator and the workers agree. */
export const runObjects = {
  description: 'run.json',
  modelFile: (path: string) => `model/${path}`,
  snapshot: (shard: number, level: number) => `snapshot/${shard}/${level}`,
  coverage: (workerId: string) => `coverage/${workerId}`,
};

function bucketOf(runId: string): string {
  return `vigil-${runId}`;
}
