import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startNatsServer, type NatsServer } from './nats-server.js';

/** `--cluster local:N`: a private nats-server and N `vigil worker` processes on this machine. */
export interface LocalCluster {
  readonly server: NatsServer;
  readonly workers: ChildProcess[];
  /** What the workers wrote on stderr (their one-line events). */
  readonly log: string[];
  /** Starts one more worker (a replacement after a kill). */
  addWorker(extraArgs?: readonly string[]): ChildProcess;
  stop(): Promise<void>;
}

const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/**
 * V8 settings for worker processes. A worker's JavaScript heap stays small (its
 * tables are typed arrays), so V8's limit for starting a full mark-compact is
 * small too, and the NATS client's buffers (external memory counts against it)
 * reached it every few hundred milliseconds: on full.yaml row 1 with local:2,
 * 5.3% of the workers' CPU went to the garbage collector, 1.4% with a 256 MB
 * initial old space (and batch buffers reused, wire.ts). docs/cluster.md gives the same setting for workers
 * started by hand.
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--initial-old-space-size=256'];

export function parseLocalTarget(target: string): number | null {
  const match = /^local:(\d+)$/.exec(target);
  return match ? Number(match[1]) : null;
}

/** A worker's line worth showing the user of `--cluster local:N` (joining a run is routine). */
const isNews = (line: string) => !/^vigil worker [0-9a-f]+: joined run /.test(line);

/**
 * `onNews`: the workers' lines other than routine ones (a stalled delivery read
 * again, a refused run), and the server's warnings and errors.
 */
export async function startLocalCluster(workers: number, workerArgs: readonly string[] = [], onNews?: (line: string) => void): Promise<LocalCluster> {
  const server = await startNatsServer(undefined, undefined, onNews);
  const log: string[] = [];
  const children: ChildProcess[] = [];
  const addWorker = (extraArgs: readonly string[] = workerArgs) => {
    const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, cli, 'worker', '--cluster', server.url, ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
    server.guard(child, 'worker');
    let partial = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      const lines = (partial + text).split('\n');
      // A line the pipe split in two waits for its end.
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.length === 0) continue;
        log.push(line);
        if (isNews(line)) onNews?.(line);
      }
    });
    children.push(child);
    return child;
  };
  for (let i = 0; i < workers; i++) addWorker();
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await server.stop();
  };
  return { server, workers: children, log, addWorker, stop };
}
