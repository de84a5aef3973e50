import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, VigilError } from '../errors.js';
import { OrphanWatchdog } from './orphan-watchdog.js';

/** A private nats-server with JetStream file storage on a free loopback port (local:N and tests). */
export interface NatsServer {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Stops the server (SIGTERM, then SIGKILL) and keeps its store for `start` again. */
  halt(): Promise<void>;
  /** Starts it again on the same port and store (after `halt`). */
  start(): Promise<void>;
  /** Stops it and removes its store. */
  stop(): Promise<void>;
  /** The running server's process id (for CPU accounting). */
  pid(): number | undefined;
  /** Has `child` (a program named `program` on its command line) killed with the server if this process dies without stopping them. */
  guard(child: ChildProcess, program: string): void;
}

/**
 * The private server's environment. Go returns freed heap pages to the kernel with
 * MADV_DONTNEED by default, and the server, which turns over hundreds of MB of
 * batches, faulted them back in zeroed: 15% of its CPU was the kernel's
 * clear_page. MADV_FREE (madvdontneed=0) lets the pages be reused until the kernel
 * needs them: on full.yaml row 1 with local:2 the server took 3.69 and 3.60 s of
 * CPU instead of 4.44 and 4.21 (alternating runs). A GODEBUG of the user's own is
 * kept as it is.
 */
function serverEnvironment(): NodeJS.ProcessEnv {
  return process.env.GODEBUG === undefined ? { ...process.env, GODEBUG: 'madvdontneed=0' } : process.env;
}

const CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

export function natsServerPath(): string {
  const found = [process.env.VIGIL_NATS_SERVER, ...CANDIDATES].find((path) => path !== undefined && existsSync(path));
  if (!found) throw new VigilError('--cluster local:N needs nats-server (Debian: apt-get install nats-server; or set VIGIL_NATS_SERVER)', ExitCode.config);
  return found;
}

/**
 * `accounts`: the body of an `accounts { ... }` block of the server's configuration
 * (users and their permissions), for servers that check who may publish a run;
 * `config`: other lines of its configuration (an operator and its resolver);
 * `onWarning`: gets the server's warnings and errors (a slow consumer, a client's
 * protocol error), each as one line `nats-server: [WRN] ...`.
 */
export async function startNatsServer(accounts?: string, config?: string, onWarning?: (line: string) => void): Promise<NatsServer> {
  const binary = natsServerPath();
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'vigil-nats-'));
  const watchdog = OrphanWatchdog.start(storeDir);
  const guard = (process: ChildProcess, program: string) => {
    watchdog.track(process.pid, program);
    process.once('exit', () => watchdog.untrack(process.pid));
  };
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
  // The log goes to a file, read as it grows: a pipe would kill the server (SIGPIPE)
  // if this process died first, before the orphan watchdog stops it in order.
  const logFile = join(storeDir, 'server.log');
  if (onWarning) args.push('-l', logFile);
  if (accounts !== undefined || config !== undefined) {
    const file = join(storeDir, 'server.conf');
    writeFileSync(file, `${accounts !== undefined ? `accounts {\n${accounts}\n}\n` : ''}${config ?? ''}\n`);
    args.push('-c', file);
  }
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(binary, args, { stdio: 'ignore', env: serverEnvironment() });
    guard(child, 'nats-server');
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new VigilError(`nats-server exited at start (code ${code})`, ExitCode.system))));
    exited.catch(() => {});
    await Promise.race([waitForPort(port), exited]);
  };
  const halt = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  const tail = onWarning ? followWarnings(logFile, onWarning) : null;
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    halt,
    start,
    pid: () => (child as ChildProcess | null)?.pid,
    guard,
    stop: async () => {
      await halt();
      if (tail) {
        tail.readNew();
        clearInterval(tail.timer);
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server's log lines tagged [WRN], [ERR] or [FTL], without its pid and time
 * (the rest is routine), read from its log file every 250 ms as it grows.
 */
function followWarnings(logFile: string, onWarning: (line: string) => void): { timer: NodeJS.Timeout; readNew(): void } {
  let offset = 0;
  let partial = '';
  const readNew = () => {
    let text: string;
    try {
      const size = statSync(logFile).size;
      if (size <= offset) return;
      const bytes = Buffer.alloc(size - offset);
      const fd = openSync(logFile, 'r');
      try {
        readSync(fd, bytes, 0, bytes.length, offset);
      } finally {
        closeSync(fd);
      }
      text = bytes.toString('utf8');
      offset = size;
    } catch {
      // Not written yet, or removed with the store.
      return;
    }
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const tagged = /\[(WRN|ERR|FTL)\] (.*)$/.exec(line);
      if (tagged) onWarning(`nats-server: [${tagged[1]}] ${tagged[2]}`);
    }
  };
  const timer = setInterval(readNew, 250);
  timer.unref();
  return { timer, readNew };
}

/** A port the kernel just handed out on loopback (never 4222, the default of a system-wide server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => (port === 4222 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new VigilError(`nats-server did not listen on port ${port} within 15 s`, ExitCode.system);
}
