import test from 'ava';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { ExplorerSession, prepare, startExplorerServer, type ExplorerServer, type SessionView } from '../checker/index.js';
import counterGrid from '../models/examples/counter-grid.js';
import diehard from '../models/examples/diehard.js';
import type { Spec } from '../spec/index.js';
import { repoRoot } from './helpers/cli.js';

/**
 * Issue 9, defect 4: the explorer is open to any web page the user visits.
 * Each request below is one a hostile page (or a DNS-rebound name) can make.
 */
const registryUrl = new URL('../models/registry.js', import.meta.url).href;

interface Reply {
  readonly status: number;
  readonly body: string;
}

function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const call = request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    call.on('error', reject);
    call.end(options.body);
  });
}

async function withServer(run: (server: ExplorerServer, base: string, token: string) => Promise<void>, model: Spec = diehard, constants = {}): Promise<void> {
  const runtime = prepare(model, constants).runtime;
  const server = await startExplorerServer(() => new ExplorerSession(runtime), { source: { moduleUrl: registryUrl, registryName: model.name } });
  try {
    const url = new URL(server.url);
    await run(server, `${url.origin}/`, url.searchParams.get('token')!);
  } finally {
    await server.close();
  }
}

const json = (token: string, extra: Record<string, string> = {}) => ({ 'x-vigil-token': token, 'content-type': 'application/json', ...extra });

test('a DNS-rebound Host name is refused, on the page and on the API', (t) =>
  withServer(async (server, base, token) => {
    const port = new URL(base).port;
    const page = await raw(server.url, { headers: { host: `attacker.example:${port}` } });
    t.deepEqual(page, { status: 403, body: `Host "attacker.example:${port}" is not this explorer's address (127.0.0.1:${port})` });
    const view = await raw(`${base}api/view`, { headers: { host: `attacker.example:${port}`, 'x-vigil-token': token } });
    t.is(view.status, 403);
    t.is((await raw(`${base}api/view`, { headers: { host: `localhost:${port}`, 'x-vigil-token': token } })).status, 200);
  }));

test('without the per-run token nothing is served but the static script and style', (t) =>
  withServer(async (_server, base, token) => {
    const message = 'missing or wrong token: open the URL that vigil explore printed (it carries the token)';
    t.deepEqual(await raw(base), { status: 403, body: message });
    t.deepEqual(await raw(`${base}?token=${'0'.repeat(48)}`), { status: 403, body: message });
    t.deepEqual(await raw(`${base}api/view`), { status: 403, body: JSON.stringify({ error: message }) });
    t.is((await raw(`${base}api/back`, { method: 'POST', headers: json('x'.repeat(48)), body: '{}' })).status, 403);
    t.is((await raw(`${base}app.js`)).status, 200);
    t.is((await raw(`${base}api/view`, { headers: { 'x-vigil-token': token } })).status, 200);
  }));

test('a no-cors POST (text/plain) or one from another origin changes nothing', (t) =>
  withServer(async (_server, base, token) => {
    await raw(`${base}api/goto`, { method: 'POST', headers: json(token), body: '{"position":0}' });
    const plain = await raw(`${base}api/start`, { method: 'POST', headers: { 'x-vigil-token': token, 'content-type': 'text/plain' }, body: '{"init":0}' });
    t.deepEqual(plain, { status: 415, body: JSON.stringify({ error: 'a POST must be application/json, got "text/plain"' }) });
    const foreign = await raw(`${base}api/start`, { method: 'POST', headers: json(token, { origin: 'https://attacker.example' }), body: '{"init":0}' });
    t.deepEqual(foreign, { status: 403, body: JSON.stringify({ error: 'cross-origin request from https://attacker.example refused' }) });
    const site = await raw(`${base}api/start`, { method: 'POST', headers: json(token, { 'sec-fetch-site': 'cross-site' }), body: '{"init":0}' });
    t.is(site.status, 403);
    const own = await raw(`${base}api/view`, { headers: { 'x-vigil-token': token, origin: base.slice(0, -1) } });
    t.is(own.status, 200);
  }));

test('prototype-named routes are not routes', (t) =>
  withServer(async (_server, base, token) => {
    for (const route of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const reply = await raw(`${base}api/${route}`, { method: 'POST', headers: json(token), body: '{}' });
      t.deepEqual(reply, { status: 404, body: JSON.stringify({ error: `no API route POST /api/${route}` }) }, route);
    }
    t.is((await raw(`${base}constructor`)).status, 404);
  }));

test('a search cannot ask for more than 1,000,000 states', (t) =>
  withServer(async (_server, base, token) => {
    const reply = await raw(`${base}api/search`, { method: 'POST', headers: json(token), body: JSON.stringify({ property: 'NotSolved', want: 'violated', maxStates: 1e9 }) });
    t.deepEqual(reply, { status: 400, body: JSON.stringify({ error: 'field "maxStates": expected 1..1000000, got 1000000000' }) });
  }));

test('a search runs off the request thread: the server answers during it, reports progress, and cancels it', (t) =>
  withServer(
    async (_server, base, token) => {
      const post = (route: string, body: unknown) => raw(`${base}api/${route}`, { method: 'POST', headers: json(token), body: JSON.stringify(body) });
      // InRange always holds, so this search runs to its limit unless cancelled.
      const started = JSON.parse((await post('search', { property: 'InRange', want: 'violated', maxStates: 1_000_000 })).body) as SessionView & { search: { running: boolean; explored: number; limit: number } };
      t.deepEqual(started.search, { running: true, property: 'InRange', explored: 0, limit: 1_000_000 });
      let view = started;
      while (view.search.explored === 0) view = JSON.parse((await raw(`${base}api/view`, { headers: { 'x-vigil-token': token } })).body);
      t.true(view.search.running);
      t.is((await raw(base.replace(/\/$/, '/?token=') + token)).status, 200, 'a page load is served while the search runs');
      const cancelled = JSON.parse((await post('cancel', {})).body) as SessionView & { search: unknown };
      t.is(cancelled.search, null);
      t.regex(cancelled.message!, /^Search cancelled after \d+ states\.$/);
      t.is(cancelled.messageKind, 'warning');
    },
    counterGrid,
    { N: 8, K: 8 },
  ));

test('a finished worker search is followed like an in-thread one', (t) =>
  withServer(async (_server, base, token) => {
    const post = (route: string, body: unknown) => raw(`${base}api/${route}`, { method: 'POST', headers: json(token), body: JSON.stringify(body) });
    let view = JSON.parse((await post('search', { property: 'NotSolved', want: 'violated' })).body) as SessionView & { search: unknown };
    while (view.search !== null) view = JSON.parse((await raw(`${base}api/view`, { headers: { 'x-vigil-token': token } })).body);
    t.is(view.message, 'Shortest path to a state where NotSolved is violated: 6 steps (14 states explored).');
    t.is(view.messageKind, 'success');
    t.is(view.path, '0/1/5/2/5/1/5');
  }));

test('Ctrl-C stops vigil explore during a search', async (t) => {
  const child = spawn(process.execPath, [join(repoRoot, 'dist/checker/cli/main.js'), 'explore', 'counter-grid', '--const', 'N=8', '--const', 'K=8', '--port', '0'], { cwd: repoRoot });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`vigil explore exited ${code}`)));
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token')!;
  const started = await raw(`${parsed.origin}/api/search`, { method: 'POST', headers: json(token), body: JSON.stringify({ property: 'InRange', want: 'violated', maxStates: 1_000_000 }) });
  t.is(started.status, 200);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  t.is(await exited, 0, 'the explorer exits cleanly although a search was running');
});
