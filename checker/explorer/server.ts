import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExitCode, VigilError } from '../errors.js';
import { handleApi } from './routes.js';
import type { ExplorerSession } from './session.js';
import { explorerPage } from './ui-page.js';
import { explorerScript } from './ui-script.js';
import { explorerStyle } from './ui-style.js';

/**
 * The explorer's web server: node:http only, bound to loopback. It serves three
 * static assets and forwards /api/* to the route table; it holds no logic.
 */
export interface ExplorerServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

export function startExplorerServer(session: ExplorerSession, options: { port?: number; host?: string } = {}): Promise<ExplorerServer> {
  const host = options.host ?? '127.0.0.1';
  const assets: Record<string, { type: string; body: string }> = {
    '/': { type: 'text/html; charset=utf-8', body: explorerPage(session.model.name) },
    '/app.js': { type: 'text/javascript; charset=utf-8', body: explorerScript },
    '/app.css': { type: 'text/css; charset=utf-8', body: explorerStyle },
  };
  const server = createServer((request, response) => {
    serve(session, assets, request, response).catch((error: unknown) => send(response, 500, 'application/json', JSON.stringify({ error: String((error as Error)?.message ?? error) })));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new VigilError(`--port ${options.port ?? 0}: cannot listen on ${host}: ${error.code ?? error.message}`, ExitCode.system)));
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://${host}:${port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

async function serve(session: ExplorerSession, assets: Record<string, { type: string; body: string }>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path.startsWith('/api/')) {
    const body = request.method === 'POST' ? await readJson(request) : undefined;
    if (body instanceof Error) return send(response, 400, 'application/json', JSON.stringify({ error: body.message }));
    const answer = handleApi(session, request.method ?? 'GET', path.slice('/api/'.length), body);
    return send(response, answer.status, 'application/json', JSON.stringify(answer.body));
  }
  const asset = request.method === 'GET' ? assets[path] : undefined;
  if (!asset) return send(response, 404, 'text/plain', 'not found');
  send(response, 200, asset.type, asset.body);
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
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
