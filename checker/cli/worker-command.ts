import { startClusterWorker } from '../cluster/cluster-worker.js';
import { ConfigError } from '../errors.js';

export interface WorkerFlags {
  readonly cluster?: string;
  readonly creds?: string;
  readonly insecure?: boolean;
}

/**
 * `vigil worker --cluster nats://HOST:PORT [--creds FILE] [--insecure]`: serves
 * cluster runs until SIGTERM or SIGINT, then leaves them and exits 0.
 */
export async function workerCommand(flags: WorkerFlags): Promise<number> {
  if (flags.cluster === undefined) throw new ConfigError('worker needs --cluster nats://HOST:PORT');
  const worker = await startClusterWorker({ url: flags.cluster, creds: flags.creds, insecure: flags.insecure, log: (line) => process.stderr.write(`${line}\n`) });
  process.stderr.write(`vigil worker ${worker.id}: serving runs on ${flags.cluster}\n`);
  const leave = () => void worker.stop();
  process.once('SIGTERM', leave);
  process.once('SIGINT', leave);
  await worker.closed;
  return 0;
}
