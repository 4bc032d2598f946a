// Edge mode with a KV namespace bound as BAD_GATEWAY_COPIES, and the edge's configuration:
// bad variables and options named, and traffic passed through untouched meanwhile.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrigin } from '../servers/origin.mjs';
import { startEdge } from '../servers/edge.mjs';
import { get } from '../../bench/edge.mjs';
import { createEdgeHandler } from '../../dist/esm/edge.js';

let origin; let upstream;
before(async () => {
  origin = createOrigin();
  await origin.listen();
  upstream = `http://127.0.0.1:${origin.port}`;
});
afterEach(async () => { await origin.setMode('up'); });
after(async () => { await origin.close(); });

test('KV: a copy saved by one data centre serves in another that never saw the page', async () => {
  // Two workerd processes, each with its own Cache API, sharing one KV store on disk: two data centres.
  const dir = await mkdtemp(join(tmpdir(), 'bg-kv-'));
  const vars = { BAD_GATEWAY_ORIGIN: upstream, BAD_GATEWAY_SCRIPT: '/bad-gateway.min.js' };
  const paris = await startEdge({ vars, kv: true, persist: dir });
  const tokyo = await startEdge({ vars, kv: true, persist: dir });
  try {
    const fresh = await get(`${paris.url}/gen/kv?cc=public`);
    assert.equal(fresh.served, null);
    const kv = await paris.mf.getKVNamespace('BAD_GATEWAY_COPIES');
    // The pages in KV (the edge also keeps the SDK's files there).
    const pages = async () => (await kv.list()).keys.map((k) => k.name).filter((name) => name.includes('/gen/'));
    // The save runs after the answer (ctx.waitUntil).
    for (let i = 0; i < 500 && !(await pages()).length; i++) await new Promise((r) => setTimeout(r, 10));
    await origin.setMode('down');
    // Copies are keyed by URL; both "data centres" answer for the same site, so ask tokyo for paris's URL.
    const [url] = await pages();
    assert.equal(url, `${paris.url}/gen/kv?cc=public`);
    const res = await tokyo.mf.dispatchFetch(url, { headers: { 'sec-fetch-mode': 'navigate', accept: 'text/html' } });
    assert.equal(res.headers.get('x-bad-gateway'), 'copy');
    const text = await res.text();
    assert.match(text, /page \/gen\/kv v\d/);
    assert.match(text, /<script src="\/bad-gateway\.min\.js"/);
    // The personal is never in KV either.
    await origin.setMode('up');
    await (await fetch(`${paris.url}/gen/kv-private?cc=private`)).text();
    await (await fetch(`${paris.url}/gen/kv-public?cc=public`)).text();
    for (let i = 0; i < 500 && (await pages()).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual((await pages()).map((name) => new URL(name).pathname).sort(), ['/gen/kv', '/gen/kv-public']);
    assert.deepEqual((await kv.list()).keys.map((k) => new URL(k.name).pathname).filter((p) => !p.startsWith('/gen/')).sort(), ['/bad-gateway-banner.min.js', '/bad-gateway-sw.js', '/bad-gateway.min.js'], 'and the SDK\'s files, by URL without query');
  } finally {
    await paris.stop();
    await tokyo.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a bad BAD_GATEWAY_* variable is named in the log at the first request, and traffic passes through untouched', async () => {
  const logs = [];
  const edge = await startEdge({ vars: { BAD_GATEWAY_ORIGIN: upstream, BAD_GATEWAY_MAX_AGE: 'a week', BAD_GATEWAY_SCRIPT: '/bad-gateway.min.js' }, log: (l) => logs.push(l) });
  try {
    assert.doesNotMatch(logs.join(''), /BAD_GATEWAY_MAX_AGE/, 'nothing is checked before a request comes');
    const straight = await get(`${upstream}/gen/bad?cc=public`);
    const through = await get(`${edge.url}/gen/bad?cc=public`);
    assert.equal(through.status, 200);
    assert.equal(through.body, straight.body);
    await origin.setMode('status', { status: 502 });
    const failed = await get(`${edge.url}/gen/bad?cc=public`);
    assert.equal(failed.status, 502, 'the origin\'s own answer: no copy, no fallback page');
    assert.equal(failed.served, null);
    assert.match(failed.body, /Origin says 502/);
    for (let i = 0; i < 200 && !/BAD_GATEWAY_MAX_AGE/.test(logs.join('')); i++) await new Promise((r) => setTimeout(r, 10));
    const text = logs.join('');
    assert.match(text, /BAD_GATEWAY_MAX_AGE must be a number of seconds \(0 or more\); got "a week"/);
    assert.equal(text.match(/BAD_GATEWAY_MAX_AGE must/g).length, 1, 'logged once, not per request');
  } finally {
    await edge.stop();
  }
});

test('a misspelt variable is named too, and so is a bad origin', async () => {
  for (const [vars, named] of [
    [{ BAD_GATEWAY_ORIGIN: upstream, BAD_GATEWAY_TIMEOUT_MS: '3000' }, /BAD_GATEWAY_TIMEOUT_MS must be one of BAD_GATEWAY_ORIGIN, .*\(unknown variable\)/],
    [{ BAD_GATEWAY_ORIGIN: '127.0.0.1:8080' }, /BAD_GATEWAY_ORIGIN must be an http\(s\) URL/],
    [{ BAD_GATEWAY_ORIGIN: upstream, BAD_GATEWAY_FALLBACK_STATUSES: '502 404' }, /BAD_GATEWAY_FALLBACK_STATUSES must be a list of 5xx status codes/],
    [{ BAD_GATEWAY_ORIGIN: upstream, BAD_GATEWAY_PUBLIC_ROUTES: 'blog' }, /BAD_GATEWAY_PUBLIC_ROUTES must be a list of paths starting with "\/"/],
  ]) {
    const logs = [];
    const edge = await startEdge({ vars, log: (l) => logs.push(l) });
    try {
      await (await edge.mf.dispatchFetch(`${upstream}/gen/x`)).arrayBuffer().catch(() => {});
      for (let i = 0; i < 200 && !named.test(logs.join('')); i++) await new Promise((r) => setTimeout(r, 10));
      assert.match(logs.join(''), named);
    } finally {
      await edge.stop();
    }
  }
});

test('createEdgeHandler: a bad option throws at once, naming it and what it accepts', () => {
  assert.throws(() => createEdgeHandler({ timeout: 0 }), { name: 'BadGatewayError', code: 'bad-option', option: 'option "timeout"', message: /option "timeout" must be a number of milliseconds above 0; got 0/ });
  assert.throws(() => createEdgeHandler({ publicRoute: ['/blog'] }), { message: /option "publicRoute" must be one of origin, timeout, .*\(unknown option\)/ });
  assert.throws(() => createEdgeHandler({ fallbackStatuses: [404] }), { message: /fallbackStatuses" must be a list of 5xx status codes/ });
  assert.equal(typeof createEdgeHandler({ origin: 'https://origin.example', publicRoutes: ['/blog'] }).fetch, 'function');
});
