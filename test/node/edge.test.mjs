// Edge mode in workerd (Miniflare): the built dist/bad-gateway-edge.js in front of nginx and
// the test origin, copies in the Cache API. Each test uses URLs of its own, so no test reads
// a copy another one saved.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { Readable } from 'node:stream';
import { createOrigin } from '../servers/origin.mjs';
import { startNginx, findNginx } from '../servers/nginx.mjs';
import { startEdge } from '../servers/edge.mjs';

const missing = findNginx() === null;
if (missing && process.env.CI) throw new Error('nginx is required in CI (.ci/run installs it)');
const skip = missing && 'nginx not installed';

let origin; let nginx; let edge; let direct; const logs = [];
const TIMEOUT = 1000;
before(async () => {
  if (missing) return;
  origin = createOrigin();
  await origin.listen();
  // nginx waits far longer than the edge, as in production: a hang is the edge's timeout to call.
  nginx = await startNginx({ upstreamPort: origin.port, proxyReadTimeout: 30 });
  const vars = { BAD_GATEWAY_TIMEOUT: String(TIMEOUT), BAD_GATEWAY_SCRIPT: '/bad-gateway.min.js', BAD_GATEWAY_PUBLIC_ROUTES: '/news.html /gen/declared' };
  edge = await startEdge({ vars: { ...vars, BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${nginx.port}` }, log: (l) => logs.push(l) });
  // The same edge straight in front of the origin: "down" is then a refused connection.
  direct = await startEdge({ vars: { ...vars, BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${origin.port}/` } });
});
afterEach(async () => { await origin?.setMode('up'); });
after(async () => { await edge?.stop(); await direct?.stop(); await nginx?.stop(); await origin?.close(); });

/**
 * A request as a browser sends it, through node:http: fetch() may not set Sec-Fetch-* (they
 * are forbidden request headers), and the body arrives uncompressed, so a body that breaks is
 * seen breaking (Miniflare's own gzip ends a broken stream as if it were complete).
 */
function send(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
      const stream = Readable.toWeb(res);
      const h = new Headers();
      for (const [k, v] of Object.entries(res.headers)) h.set(k, Array.isArray(v) ? v.join(', ') : v);
      const nobody = [204, 304].includes(res.statusCode) || method === 'HEAD';
      resolve(new Response(nobody ? null : stream, { status: res.statusCode, headers: h }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
/** A navigation. */
const page = (url, headers = {}) => send(url, { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', accept: 'text/html', ...headers } });
const read = async (res) => ({ status: res.status, headers: res.headers, text: await res.text() });
/** Waits until the edge's background save (ctx.waitUntil) of `url` is in its Cache API. */
async function savedAt(url, at = edge) {
  const cache = (await at.mf.getCaches()).default;
  for (let i = 0; i < 500; i++) {
    const hit = await cache.match(url);
    if (hit) { await hit.arrayBuffer(); return; }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} was never saved`);
}

test('healthy: the origin\'s answer passes unchanged, and nothing the origin says is fresh is ever replaced by a copy', { skip }, async () => {
  const straight = await read(await fetch(`http://127.0.0.1:${nginx.port}/gen/ok?cc=public,max-age=60`));
  const through = await read(await page(`${edge.url}/gen/ok?cc=public,max-age=60`));
  assert.equal(through.status, 200);
  assert.equal(through.text.replace(/v\d+/, ''), straight.text.replace(/v\d+/, ''));
  assert.equal(through.headers.get('cache-control'), 'public,max-age=60');
  assert.equal(through.headers.get('x-bad-gateway'), null);
  assert.doesNotMatch(through.text, /bad-gateway/, 'nothing is injected into a healthy page');
  origin.bump();
  await savedAt(`${edge.url}/gen/ok?cc=public,max-age=60`);
  assert.match((await read(await page(`${edge.url}/gen/ok?cc=public,max-age=60`))).text, new RegExp(`v${origin.version}`), 'the next visitor gets the new version, not the copy');
});

test('origin down behind nginx (its 502): the saved copy, marked and aged, with the banner\'s script and the incident', { skip }, async () => {
  const url = `${edge.url}/gen/down?cc=public`;
  await (await page(url)).text();
  await savedAt(url);
  await origin.setMode('down');
  const res = await read(await page(url));
  assert.equal(res.status, 200);
  assert.match(res.text, /page \/gen\/down v\d/);
  assert.equal(res.headers.get('x-bad-gateway'), 'copy');
  assert.match(res.headers.get('x-bad-gateway-age'), /^\d+$/);
  assert.equal(res.headers.get('cache-control'), 'no-store', 'the browser must not keep the copy as fresh');
  assert.equal(res.text.match(/<script src="\/bad-gateway\.min\.js" data-sw="\/bad-gateway-sw\.js"><\/script>/g)?.length, 1);
  const meta = /<meta name="bad-gateway-incident" content="([^"]+)">/.exec(res.text);
  const incident = JSON.parse(meta[1].replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
  assert.equal(incident.kind, 'status');
  assert.equal(incident.status, 502);
  assert.equal(incident.served, 'copy');
  assert.match(incident.server, /^nginx/);
});

test('origin down, no proxy in between (connection refused): the copy; a page never saved gets the fallback page with 503', { skip }, async () => {
  const url = `${direct.url}/gen/refused?cc=public`;
  await (await page(url)).text();
  await savedAt(url, direct);
  await origin.setMode('down');
  const copy = await read(await page(url));
  assert.equal(copy.headers.get('x-bad-gateway'), 'copy');
  const never = await read(await page(`${direct.url}/gen/refused-never`));
  assert.equal(never.status, 503);
  assert.equal(never.headers.get('x-bad-gateway'), 'fallback');
  assert.match(never.text, /<meta name="bad-gateway" content="fallback">/);
  assert.match(never.text, /&quot;kind&quot;:&quot;network&quot;/);
  // An asset with no copy gets an honest gateway error, not an HTML page.
  const asset = await send(`${direct.url}/gen/refused-asset.css`, { headers: { 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'style', accept: 'text/css,*/*;q=0.1' } });
  assert.equal(asset.status, 502);
  assert.equal(await asset.text(), 'The site could not be reached.');
});

test('origin hanging: the copy after the edge\'s timeout, and the origin request is aborted (not left hanging)', { skip }, async () => {
  const url = `${direct.url}/gen/hang?cc=public`;
  await (await page(url)).text();
  await savedAt(url, direct);
  // That page also had the edge keep the SDK's files in the background: kept before the origin
  // hangs, or their fetches (30 s allowed, nobody waits for them) would be left hanging too.
  for (const file of ['/bad-gateway-sw.js', '/bad-gateway.min.js', '/bad-gateway-banner.min.js']) await savedAt(direct.url + file, direct);
  await origin.setMode('hang');
  const started = Date.now();
  const res = await read(await page(url));
  const waited = Date.now() - started;
  assert.equal(res.headers.get('x-bad-gateway'), 'copy');
  assert.ok(waited >= TIMEOUT * 0.9, `answered after ${waited} ms, before the timeout`);
  assert.match(res.text, /&quot;kind&quot;:&quot;timeout&quot;/);
  // The aborted fetch closed its connection, so the origin holds nothing.
  for (let i = 0; i < 200 && origin.hung().length; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(origin.hung(), []);
});

test('503 with Retry-After: a page never saved gets the fallback page with the status and Retry-After kept', { skip }, async () => {
  await origin.setMode('status', { status: 503, headers: { 'retry-after': '120' } });
  const res = await read(await page(`${edge.url}/gen/maintenance`));
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '120');
  assert.equal(res.headers.get('x-bad-gateway'), 'fallback');
  assert.match(res.text, /Error 503/);
  assert.equal(res.text.match(/<script src="\/bad-gateway\.min\.js"/g)?.length, 1);
  assert.match(res.text, /&quot;retryAfter&quot;:&quot;120&quot;/);
});

test('a 500 (not a fallback status) and a 404 pass through as they are, never saved', { skip }, async () => {
  for (const status of [500, 404]) {
    const res = await page(`${edge.url}/gen/e${status}?status=${status}&cc=public`);
    assert.equal(res.status, status);
    assert.equal(res.headers.get('x-bad-gateway'), null);
    assert.match(await res.text(), /page \/gen\/e/);
  }
  await (await page(`${edge.url}/gen/e-public?cc=public`)).text();
  await savedAt(`${edge.url}/gen/e-public?cc=public`); // the saves before it have run too
  await origin.setMode('down');
  for (const status of [500, 404]) {
    const after = await page(`${edge.url}/gen/e${status}?status=${status}&cc=public`);
    assert.equal(after.headers.get('x-bad-gateway'), 'fallback', 'the error page was never saved as a copy');
    await after.text();
  }
});

test('a body reset mid-way reaches the visitor as it broke and is never saved', { skip }, async () => {
  await origin.setMode('reset');
  const broken = await page(`${direct.url}/news.html`);
  assert.equal(broken.status, 200);
  await assert.rejects(broken.text(), 'the visitor sees the body break, as from the origin');
  await origin.setMode('down');
  const res = await read(await page(`${direct.url}/news.html`));
  assert.equal(res.headers.get('x-bad-gateway'), 'fallback', 'half a page was never saved');
  assert.equal(res.status, 503);
});

test('streaming: the first bytes reach the visitor before the origin has finished', { skip }, async () => {
  let finish;
  const slow = createServer((req, res) => {
    // Only the page streams (the edge also asks for the SDK's files once it sees a page).
    if (req.url !== '/stream') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'public' });
    res.write('<!doctype html><p>first</p>');
    finish = () => res.end('<p>last</p>');
  });
  await new Promise((r) => slow.listen(0, '127.0.0.1', r));
  const streaming = await startEdge({ vars: { BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${slow.address().port}` } });
  try {
    const res = await page(`${streaming.url}/stream`);
    const reader = res.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /first/);
    assert.doesNotMatch(first, /last/);
    finish();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    assert.match(rest, /last/);
  } finally {
    await streaming.stop();
    slow.closeAllConnections();
    await new Promise((r) => slow.close(r));
  }
});

test('POST reaches the origin exactly once, never answered from a copy, also when the origin fails', { skip }, async () => {
  origin.resetCounts();
  const res = await fetch(`${edge.url}/form`, { method: 'POST', body: 'name=ada', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(await res.text(), 'received POST form (8 bytes)');
  assert.equal(origin.counts()['POST form'], 1);
  await origin.setMode('status', { status: 502 });
  const failed = await fetch(`${edge.url}/form`, { method: 'POST', body: 'name=ada' });
  assert.equal(failed.status, 502);
  assert.equal(failed.headers.get('x-bad-gateway'), null, 'the failure itself, not a copy or fallback');
  await failed.text();
  assert.equal(origin.counts()['POST form'], 2, 'one more, not retried');
});

test('nothing personal is shared: Set-Cookie, private, no-store, Authorization and unmarked pages are never served to another visitor', { skip }, async () => {
  const cases = [
    ['/gen/p-cookie?cc=public&echo-cookie&set-cookie=session%3Dalice', {}],
    ['/gen/p-private?cc=private&echo-cookie', {}],
    ['/gen/p-nostore?cc=public,no-store&echo-cookie', {}],
    ['/gen/p-auth?cc=public&echo-cookie', { authorization: 'Bearer alice' }],
    ['/gen/p-plain?echo-cookie', {}],
    // Under a declared public route, but personal all the same: the cookie it sets wins.
    ['/gen/declared/p?set-cookie=session%3Dalice&echo-cookie', {}],
  ];
  for (const [path, headers] of cases) {
    const alice = await read(await page(edge.url + path, { cookie: 'session=alice', ...headers }));
    assert.match(alice.text, /for session=alice/, path);
  }
  // One that may be shared, to know the background saves have run by now.
  await (await page(`${edge.url}/gen/p-public?cc=public`)).text();
  await savedAt(`${edge.url}/gen/p-public?cc=public`);
  await origin.setMode('down');
  for (const [path] of cases) {
    const bob = await read(await page(edge.url + path, { cookie: 'session=bob' }));
    assert.doesNotMatch(bob.text, /for session=alice/, path);
    assert.equal(bob.headers.get('x-bad-gateway'), 'fallback', path);
  }
  assert.equal((await page(`${edge.url}/gen/p-public?cc=public`)).headers.get('x-bad-gateway'), 'copy');
});

test('a page under a declared public route is kept without Cache-Control: public; others need it', { skip }, async () => {
  await (await page(`${edge.url}/news.html`)).text();
  await savedAt(`${edge.url}/news.html`);
  await origin.setMode('down');
  const res = await read(await page(`${edge.url}/news.html`));
  assert.equal(res.headers.get('x-bad-gateway'), 'copy');
  assert.match(res.text, /<meta name="bad-gateway-incident"/);
});

test('the SDK\'s own files are kept whatever their Cache-Control, so the banner and the worker load during an outage', { skip }, async () => {
  for (const path of ['/bad-gateway.min.js', '/bad-gateway-sw.js?config=%7B%7D']) {
    const fresh = await fetch(edge.url + path);
    assert.match(fresh.headers.get('cache-control'), /no-cache/);
    const body = await fresh.text();
    // Kept without its query: the worker reads its configuration from its URL, not its body.
    await savedAt(edge.url + path.replace(/\?.*/, ''));
    await origin.setMode('down');
    const res = await fetch(edge.url + path);
    assert.equal(res.headers.get('x-bad-gateway'), 'copy', path);
    assert.equal(await res.text(), body, path);
    await origin.setMode('up');
  }
});

test('a healthy page also keeps the SDK\'s files at the edge, and the worker\'s copy serves any ?config=', { skip }, async () => {
  const front = await startEdge({ vars: { BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${origin.port}`, BAD_GATEWAY_SCRIPT: '/bad-gateway.min.js', BAD_GATEWAY_PUBLIC_ROUTES: '/' } });
  try {
    await (await page(`${front.url}/index.html`)).text();
    for (const file of ['/bad-gateway.min.js', '/bad-gateway-sw.js']) await savedAt(front.url + file, front);
    await origin.setMode('down');
    const sw = await send(`${front.url}/bad-gateway-sw.js?config=${encodeURIComponent('{"timeout":2000}')}`);
    assert.equal(sw.headers.get('x-bad-gateway'), 'copy');
    assert.match(sw.headers.get('content-type'), /javascript/);
    await sw.text();
  } finally {
    await front.stop();
  }
});

test('a page that already loads the script is not given a second one', { skip }, async () => {
  const own = createOrigin({ inject: () => '<script src="/bad-gateway.min.js" data-sw="/bad-gateway-sw.js"></script>' });
  await own.listen();
  const front = await startEdge({ vars: { BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${own.port}`, BAD_GATEWAY_SCRIPT: '/bad-gateway.min.js', BAD_GATEWAY_PUBLIC_ROUTES: '/' } });
  try {
    await (await page(`${front.url}/news.html`)).text();
    await savedAt(`${front.url}/news.html`, front);
    await own.setMode('down');
    const res = await read(await page(`${front.url}/news.html`));
    assert.equal(res.headers.get('x-bad-gateway'), 'copy');
    assert.equal(res.text.match(/bad-gateway\.min\.js/g).length, 1);
    // The incident comes before the page's own script reads it.
    assert.ok(res.text.indexOf('bad-gateway-incident') < res.text.indexOf('bad-gateway.min.js'));
  } finally {
    await front.stop();
    await own.close();
  }
});

test('Vary is ignored: a copy saved for one Accept-Language serves every visitor', { skip }, async () => {
  const url = `${edge.url}/gen/vary?cc=public&vary=accept-language`;
  await (await page(url, { 'accept-language': 'fr' })).text();
  await savedAt(url);
  await origin.setMode('down');
  const res = await page(url, { 'accept-language': 'zh-CN' });
  assert.equal(res.headers.get('x-bad-gateway'), 'copy');
  assert.equal(res.headers.get('vary'), null);
  await res.text();
});

test('stale-if-error narrows how long a copy serves: past it, the fallback page', { skip }, async () => {
  const url = `${edge.url}/gen/sie?cc=${encodeURIComponent('public, stale-if-error=0')}`;
  await (await page(url)).text();
  await savedAt(url);
  // stale-if-error=0: servable only within the millisecond it was saved, which has passed.
  await origin.setMode('down');
  const res = await page(url);
  assert.equal(res.headers.get('x-bad-gateway'), 'fallback');
  await res.text();
});
