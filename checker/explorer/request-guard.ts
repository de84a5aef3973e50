import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * What keeps other web pages out of the explorer. The explorer runs model code
 * and holds the reviewer's sessions, and any page the reviewer visits can send
 * requests to 127.0.0.1, so every request must prove it comes from the page
 * `vigil explore` printed:
 * - the Host header must be the bound address (a DNS-rebound name is refused);
 * - the page needs the per-run token from the printed URL, and every API call
 *   carries it in a header (a header also forces a CORS preflight, which the
 *   explorer never grants);
 * - a POST must be JSON and, when the browser says where it comes from
 *   (Origin, Sec-Fetch-Site), come from this origin.
 */
export interface GuardConfig {
  readonly host: string;
  readonly port: number;
  readonly token: string;
}

export interface Refusal {
  readonly status: number;
  readonly error: string;
}

export const TOKEN_HEADER = 'x-vigil-token';

export function refuseRequest(request: IncomingMessage, config: GuardConfig, kind: 'api' | 'page' | 'asset'): Refusal | null {
  const host = request.headers.host ?? '';
  if (!allowedHosts(config).includes(host.toLowerCase())) {
    return { status: 403, error: `Host "${host.slice(0, 100)}" is not this explorer's address (${config.host}:${config.port})` };
  }
  if (kind === 'asset') return null;
  const given = kind === 'api' ? request.headers[TOKEN_HEADER] : new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  if (typeof given !== 'string' || !sameToken(given, config.token)) {
    return { status: 403, error: 'missing or wrong token: open the URL that vigil explore printed (it carries the token)' };
  }
  if (kind === 'page' || request.method !== 'POST') return crossSite(request, config);
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, error: `a POST must be application/json, got "${type.slice(0, 60) || 'no content type'}"` };
  return crossSite(request, config);
}

function crossSite(request: IncomingMessage, config: GuardConfig): Refusal | null {
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts(config).some((host) => origin.toLowerCase() === `http://${host}`)) {
    return { status: 403, error: `cross-origin request from ${origin.slice(0, 100)} refused` };
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, error: `cross-site request (${site}) refused` };
  return null;
}

function allowedHosts(config: GuardConfig): string[] {
  const hosts = [`${config.host}:${config.port}`];
  if (config.host === '127.0.0.1') hosts.push(`localhost:${config.port}`);
  return hosts.map((h) => h.toLowerCase());
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
