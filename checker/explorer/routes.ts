import { VigilError } from '../errors.js';
import type { Want } from './goals.js';
import { decodePath } from './path.js';
import { checkIdentity, decodePermalink } from './permalink.js';
import { StaleViewError, type BehaviourSession as ExplorerSession } from './behaviour-session.js';

/**
 * The explorer's JSON API as one table from route to session method, testable
 * without a socket. Every answer is the new session view, or `{ error }` with
 * status 400 for a request the session refuses (409 when the page is stale).
 */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

type Body = Record<string, unknown>;

/** The most states one search may visit: a request cannot ask for more (it holds them all in memory). */
export const MAX_SEARCH_STATES = 1_000_000;

// A null-prototype table: `constructor`, `__proto__` and friends are not routes.
const POST_ROUTES: Readonly<Record<string, (session: ExplorerSession, body: Body) => void>> = Object.assign(Object.create(null), {
  start: (s: ExplorerSession, b: Body) => s.start(integer(b, 'init')),
  goto: (s: ExplorerSession, b: Body) => s.goTo(integer(b, 'position')),
  back: (s: ExplorerSession) => s.back(),
  branch: (s: ExplorerSession, b: Body) => s.selectBranch(integer(b, 'branch')),
  take: (s: ExplorerSession, b: Body) => s.take(integer(b, 'index'), { path: optionalText(b, 'path'), label: optionalText(b, 'label') }),
  path: (s: ExplorerSession, b: Body) => openPermalink(s, text(b, 'path')),
  lasso: (s: ExplorerSession, b: Body) => s.findFairCycle(text(b, 'property')),
  search: (s: ExplorerSession, b: Body) => {
    const request = searchRequest(b);
    s.findPath(request.property, request.want, request);
  },
});

export function handleApi(session: ExplorerSession, method: string, route: string, body: unknown): ApiResponse {
  if (method === 'GET' && route === 'view') return { status: 200, body: session.view() };
  const handler = Object.hasOwn(POST_ROUTES, route) ? POST_ROUTES[route] : undefined;
  if (!handler) return { status: 404, body: { error: `no API route ${method} /api/${route}` } };
  if (method !== 'POST') return { status: 405, body: { error: `/api/${route} expects POST` } };
  try {
    handler(session, (body ?? {}) as Body);
  } catch (error) {
    if (error instanceof StaleViewError) return { status: 409, body: { error: error.message } };
    if (error instanceof VigilError || error instanceof RequestError) return { status: 400, body: { error: error.message } };
    throw error;
  }
  return { status: 200, body: session.view() };
}

/** Opens `0/1/5`, or a permalink `model=...&c.N=...&src=...&path=0/1/5` after checking it is for this model. */
function openPermalink(session: ExplorerSession, fragment: string): void {
  const link = decodePermalink(fragment);
  if (link.identity) checkIdentity(link.identity, session.identity());
  session.goToPath(decodePath(link.path));
}

export interface SearchRequest {
  readonly property: string;
  readonly want: Want;
  readonly maxDepth?: number;
  readonly maxStates?: number;
}

export function searchRequest(body: Body): SearchRequest {
  const maxStates = optionalInteger(body, 'maxStates');
  if (maxStates !== undefined && (maxStates < 1 || maxStates > MAX_SEARCH_STATES)) {
    throw new RequestError(`field "maxStates": expected 1..${MAX_SEARCH_STATES}, got ${maxStates}`);
  }
  const maxDepth = optionalInteger(body, 'maxDepth');
  if (maxDepth !== undefined && maxDepth < 1) throw new RequestError(`field "maxDepth": expected at least 1, got ${maxDepth}`);
  return { property: text(body, 'property'), want: want(body), maxDepth, maxStates };
}

export class RequestError extends Error {}

function integer(body: Body, field: string): number {
  const value = Object.hasOwn(body, field) ? body[field] : undefined;
  if (!Number.isInteger(value)) throw new RequestError(`field "${field}": expected an integer, got ${JSON.stringify(value)}`);
  return value as number;
}

function optionalInteger(body: Body, field: string): number | undefined {
  const value = Object.hasOwn(body, field) ? body[field] : undefined;
  return value === undefined || value === null || value === '' ? undefined : integer(body, field);
}

function text(body: Body, field: string): string {
  const value = Object.hasOwn(body, field) ? body[field] : undefined;
  if (typeof value !== 'string') throw new RequestError(`field "${field}": expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function optionalText(body: Body, field: string): string | undefined {
  return Object.hasOwn(body, field) && body[field] !== undefined ? text(body, field) : undefined;
}

function want(body: Body): Want {
  const value = Object.hasOwn(body, 'want') ? body.want : 'holds';
  if (value !== 'holds' && value !== 'violated') throw new RequestError(`field "want": expected "holds" or "violated", got ${JSON.stringify(value)}`);
  return value;
}
