// The Node gateway must answer like a real one, or the browser tests prove nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createOrigin } from '../servers/origin.mjs';
import { createGateway, GATEWAY_SERVER } from '../servers/gateway.mjs';

let origin; let server; let base;
before(async () => {
  origin = createOrigin();
  await origin.listen();
  const gateway = createGateway({ route: () => `http://127.0.0.1:${origin.port}`, proxyTimeout: 300 });
  server = createServer((req, res) => gateway(req, res, () => res.writeHead(404).end()));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(async () => { await origin.close(); server.close(); });

test('passes a healthy answer through unchanged', async () => {
  await origin.setMode('up');
  const res = await fetch(`${base}/news.html`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /News from the trail/);
  assert.equal(res.headers.get('server'), null);
});

test('answers 502 when the origin refuses connections', async () => {
  await origin.setMode('down');
  const res = await fetch(`${base}/news.html`);
  assert.equal(res.status, 502);
  assert.equal(res.headers.get('server'), GATEWAY_SERVER);
  assert.match(await res.text(), /502 Bad Gateway/);
  await origin.setMode('up');
});

test('answers 504 when the origin hangs past the proxy timeout', async () => {
  await origin.setMode('hang');
  const res = await fetch(`${base}/news.html`);
  assert.equal(res.status, 504);
  await origin.setMode('up');
});

test('passes the origin\'s own 503 and Retry-After through', async () => {
  await origin.setMode('status', { status: 503, headers: { 'retry-after': '120' } });
  const res = await fetch(`${base}/`);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '120');
  await origin.setMode('up');
});

test('breaks the client connection when the origin dies mid-body', async () => {
  await origin.setMode('reset');
  await assert.rejects(async () => { const r = await fetch(`${base}/news.html`); await r.text(); });
  await origin.setMode('up');
});

test('the origin comes back on the same port with a new version', async () => {
  await origin.setMode('down');
  await origin.setMode('up');
  origin.bump();
  const text = await (await fetch(`${base}/`)).text();
  assert.match(text, /<strong class="version">2<\/strong>/);
});
