import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { ConfigError, ExitCode, VigilError } from '../errors.js';

/** A connection to the cluster's NATS server with JetStream. */
export interface ClusterLink {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

export interface LinkOptions {
  /** A NATS credentials file (a user JWT and its nkey seed). */
  readonly creds?: string;
  /** Allow a server that is not on this machine without credentials. */
  readonly insecure?: boolean;
  /** Keep reconnecting (a worker survives a server restart); default true. */
  readonly reconnect?: boolean;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/;

/**
 * Connects to `url` (nats://HOST:PORT). Workers run the code of any run the server
 * lets someone publish, so a server elsewhere without credentials is refused
 * unless --insecure says the network is trusted.
 */
export async function connectCluster(given: string, options: LinkOptions = {}): Promise<ClusterLink> {
  const { host, port, user, pass } = parseServer(given);
  const url = withoutPassword(given);
  if (!LOOPBACK.test(host) && options.creds === undefined && user === undefined && !options.insecure) {
    throw new ConfigError(`--cluster ${url}: a server on another machine needs --creds FILE (workers run the code of every run published there); --insecure accepts it without`);
  }
  let authenticator;
  if (options.creds !== undefined) {
    let creds: Uint8Array;
    try {
      creds = readFileSync(options.creds);
    } catch (error) {
      throw new ConfigError(`--creds ${options.creds}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`);
    }
    authenticator = credsAuthenticator(creds);
  }
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: `${host}:${port}`,
      authenticator,
      user,
      pass,
      maxReconnectAttempts: options.reconnect === false ? 0 : -1,
      reconnectTimeWait: 250,
      name: 'vigil',
      // Otherwise every request (each JetStream publish) builds an Error to keep its caller's stack: about 1% of a worker's time.
      noAsyncTraces: true,
    });
  } catch (error) {
    throw new VigilError(`--cluster ${url}: cannot connect: ${(error as Error).message}`, ExitCode.system);
  }
  return { nc, js: jetstream(nc), jsm: await jetstreamManager(nc) };
}

/** The address as it may be shown: without its user and password. */
export function withoutPassword(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

/** nats://[USER:PASSWORD@]HOST[:PORT] (a user and password are credentials, like --creds). */
function parseServer(url: string): { host: string; port: number; user?: string; pass?: string } {
  const match = /^nats:\/\/(?:([^:@/]+):([^@/]*)@)?(\[[^\]]+\]|[^:/@]+)(?::(\d+))?\/?$/.exec(url);
  if (!match) throw new ConfigError(`--cluster: expected nats://HOST:PORT or local:N, got "${withoutPassword(url)}"`);
  return { host: match[3]!, port: match[4] !== undefined ? Number(match[4]) : 4222, user: match[1] && decodeURIComponent(match[1]), pass: match[2] !== undefined ? decodeURIComponent(match[2]) : undefined };
}

/** A file-backed stream for `subjects` (kept across a server restart). */
export async function addStream(link: ClusterLink, name: string, subjects: string[]): Promise<void> {
  await link.jsm.streams.add({ name, subjects, storage: StorageType.File, max_msg_size: 4 * 1024 * 1024 });
}

/** How long a JetStream call is retried (the server may be restarting) before the run fails. */
const PATIENCE_MS = 60_000;

/**
 * Runs a JetStream call until it succeeds: while nats-server restarts, calls time
 * out or find no responders for a few seconds. Only idempotent calls go through
 * here (publications carry message ids, purges and reads can repeat).
 */
export async function whileServerRecovers<T>(link: ClusterLink, call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline || link.nc.isClosed()) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
