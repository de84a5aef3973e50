import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExitCode, VigilError } from '../errors.js';
import type { SpecSource } from '../parallel/protocol.js';
import { refuseRequest, type GuardConfig } from './request-guard.js';
import { handleApi, RequestError, searchRequest } from './routes.js';
import { SearchJobs } from './search-jobs.js';
import type { BehaviourSession as ExplorerSession } from './behaviour-session.js';
import { TAB_HEADER, TabSessions } from './tab-sessions.js';
import { explorerPage } from './ui-page.js';
import { explorerScript } from './ui-script.js';
import { explorerStyle } from './ui-style.js';

/**
 * The explorer's web server: node:http only, bound to loopback. It serves the
 * page and two static assets, checks every request (request-guard.ts), keeps one
 * session per browser tab, runs searches in worker threads, and forwards the
 * rest of /api/* to the route table; it holds no exploration logic.
 */
export interface ExplorerServer {
  /** The URL to open, with the per-run token. */
  readonly url: string;
  close(): Promise<void>;
}

export interface ExplorerServerOptions {
  readonly port?: number;
  readonly host?: string;
  /** Where a worker can load the model from; without it searches run on the request thread. */
  readonly source?: SpecSource;
  /** @defaultValue 24 random bytes, hex */
  readonly token?: string;
}

const MAX_BODY_BYTES = 64 * 1024;

/** `sessions`: a factory makes one session per tab; a single session is shared by every tab. */
export function startExplorerServer(sessions: ExplorerSession | (() => ExplorerSession), options: ExplorerServerOptions = {}): Promise<ExplorerServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('hex');
  const tabs = new TabSessions(typeof sessions === 'function' ? sessions : () => sessions);
  const jobs = options.source ? new SearchJobs(options.source) : null;
  const modelName = typeof sessions === 'function' ? null : sessions.model.name;
  const assets: Record<string, { type: string; body: string }> = Object.assign(Object.create(null), {
    '/app.js': { type: 'text/javascript; charset=utf-8', body: explorerScript },
    '/app.css': { type: 'text/css; charset=utf-8', body: explorerStyle },
    // Browsers ask for it on every page; an icon instead of a 404 in the console.
    '/favicon.ico': { type: 'image/svg+xml', body: FAVICON },
  });
  let guard: GuardConfig = { host, port: 0, token };
  const server = createServer((request, response) => {
    serve({ tabs, jobs, assets, guard, modelName }, request, response).catch((error: unknown) => send(response, 500, 'application/json', JSON.stringify({ error: String((error as Error)?.message ?? error) })));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new VigilError(`--port ${options.port ?? 0}: cannot listen on ${host}: ${error.code ?? error.message}`, ExitCode.system)));
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      guard = { host, port, token };
      resolve({
        url: `http://${host}:${port}/?token=${token}`,
        close: async () => {
          await jobs?.closeAll();
          server.closeAllConnections();
          await new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}

const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#36c"/><path d="M4 8l3 3 5-6" stroke="#fff" stroke-width="2" fill="none"/></svg>';

/** The watch box's example: this model's first variable, not another model's expression. */
function watchExample(variables: readonly string[]): string {
  const first = variables.find((v) => /^[A-Za-z_$][\w$]*$/.test(v));
  return first ? `s.${first}` : 's';
}

interface Context {
  readonly tabs: TabSessions;
  readonly jobs: SearchJobs | null;
  readonly assets: Record<string, { type: string; body: string }>;
  readonly guard: GuardConfig;
  readonly modelName: string | null;
}

async function serve(context: Context, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const kind = path.startsWith('/api/') ? 'api' : path === '/' ? 'page' : 'asset';
  const refusal = refuseRequest(request, context.guard, kind);
  if (refusal) return send(response, refusal.status, kind === 'api' ? 'application/json' : 'text/plain; charset=utf-8', kind === 'api' ? JSON.stringify({ error: refusal.error }) : refusal.error);
  if (kind === 'api') return serveApi(context, request, response, path.slice('/api/'.length));
  if (request.method !== 'GET') return send(response, 405, 'text/plain', 'method not allowed');
  if (kind === 'page') {
    const model = context.tabs.get(undefined).model;
    return send(response, 200, 'text/html; charset=utf-8', explorerPage(context.modelName ?? model.name, context.guard.token, watchExample(model.variables)));
  }
  const asset = Object.hasOwn(context.assets, path) ? context.assets[path] : undefined;
  if (!asset) return send(response, 404, 'text/plain', 'not found');
  send(response, 200, asset.type, asset.body);
}

async function serveApi(context: Context, request: IncomingMessage, response: ServerResponse, route: string): Promise<void> {
  const body = request.method === 'POST' ? await readJson(request) : undefined;
  if (body instanceof Error) return send(response, 400, 'application/json', JSON.stringify({ error: body.message }));
  const json = (status: number, payload: unknown) => send(response, status, 'application/json', JSON.stringify(payload));
  let session: ExplorerSession;
  try {
    session = context.tabs.get(headerOf(request, TAB_HEADER));
  } catch (error) {
    return json(400, { error: (error as Error).message });
  }
  const { jobs } = context;
  const withSearch = (view: unknown) => ({ ...(view as object), search: jobs?.status(session) ?? null });
  if (jobs && request.method === 'POST' && (route === 'search' || route === 'cancel')) {
    try {
      if (route === 'search') jobs.start(session, searchRequest((body ?? {}) as Record<string, unknown>));
      else jobs.cancel(session);
    } catch (error) {
      if (error instanceof VigilError || error instanceof RequestError) return json(400, { error: error.message });
      throw error;
    }
    return json(200, withSearch(session.view()));
  }
  if (jobs && request.method === 'POST' && jobs.status(session)) jobs.cancel(session, 'Search cancelled by another action');
  const answer = handleApi(session, request.method ?? 'GET', route, body);
  json(answer.status, answer.status === 200 ? withSearch(answer.body) : answer.body);
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return new Error('request body is not JSON');
  }
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
  response.end(body);
}
