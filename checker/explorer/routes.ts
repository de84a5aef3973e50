import { VigilError } from '../errors.js';
import { decodePath } from './path.js';
import type { ExplorerSession } from './session.js';

/**
 * The explorer's JSON API as one table from route to session method, testable
 * without a socket. Every answer is the new session view, or `{ error }` with
 * status 400 for a request the session refuses.
 */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

type Body = Record<string, unknown>;

const POST_ROUTES: Readonly<Record<string, (session: ExplorerSession, body: Body) => void>> = {
  start: (s, b) => s.start(integer(b, 'init')),
  goto: (s, b) => s.goTo(integer(b, 'position')),
  back: (s) => s.back(),
  branch: (s, b) => s.selectBranch(integer(b, 'branch')),
  take: (s, b) => s.take(integer(b, 'index')),
  path: (s, b) => s.goToPath(decodePath(text(b, 'path'))),
  search: (s, b) => s.findPath(text(b, 'property'), want(b), { maxDepth: optionalInteger(b, 'maxDepth'), maxStates: optionalInteger(b, 'maxStates') }),
};

export function handleApi(session: ExplorerSession, method: string, route: string, body: unknown): ApiResponse {
  if (method === 'GET' && route === 'view') return { status: 200, body: session.view() };
  const handler = POST_ROUTES[route];
  if (!handler) return { status: 404, body: { error: `no API route ${method} /api/${route}` } };
  if (method !== 'POST') return { status: 405, body: { error: `/api/${route} expects POST` } };
  try {
    handler(session, (body ?? {}) as Body);
  } catch (error) {
    if (error instanceof VigilError || error instanceof RequestError) return { status: 400, body: { error: error.message } };
    throw error;
  }
  return { status: 200, body: session.view() };
}

class RequestError extends Error {}

function integer(body: Body, field: string): number {
  const value = body[field];
  if (!Number.isInteger(value)) throw new RequestError(`field "${field}": expected an integer, got ${JSON.stringify(value)}`);
  return value as number;
}

function optionalInteger(body: Body, field: string): number | undefined {
  return body[field] === undefined || body[field] === null || body[field] === '' ? undefined : integer(body, field);
}

function text(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new RequestError(`field "${field}": expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function want(body: Body): 'holds' | 'violated' {
  const value = body.want ?? 'holds';
  if (value !== 'holds' && value !== 'violated') throw new RequestError(`field "want": expected "holds" or "violated", got ${JSON.stringify(value)}`);
  return value;
}
