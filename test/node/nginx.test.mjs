// nginx from Debian's packages in front of the test origin: its genuine 502/504 answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createOrigin } from '../servers/origin.mjs';
import { startNginx, findNginx } from '../servers/nginx.mjs';

const missing = findNginx() === null;
if (missing && process.env.CI) throw new Error('nginx is required in CI (.ci/run installs it)');
if (missing) console.warn('\n!!! nginx is not installed: SKIPPING the nginx tests (apt-get install nginx) !!!\n');

let origin; let nginx; let base;
before(async () => {
  if (missing) return;
  origin = createOrigin();
  await origin.listen();
  nginx = await startNginx({ upstreamPort: origin.port, proxyReadTimeout: 1 });
  base = `http://127.0.0.1:${nginx.port}`;
});
after(async () => { await nginx?.stop(); await origin?.close(); });

test('nginx proxies a healthy page', { skip: missing && 'nginx not installed' }, async () => {
  const res = await fetch(`${base}/news.html`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('server'), /^nginx/);
});

test('nginx answers 502 when the origin is down', { skip: missing && 'nginx not installed' }, async () => {
  await origin.setMode('down');
  const res = await fetch(`${base}/news.html`);
  assert.equal(res.status, 502);
  assert.match(await res.text(), /502 Bad Gateway/);
  await origin.setMode('up');
});

test('nginx answers 504 when the origin hangs past proxy_read_timeout', { skip: missing && 'nginx not installed' }, async () => {
  await origin.setMode('hang');
  const res = await fetch(`${base}/news.html`);
  assert.equal(res.status, 504);
  await origin.setMode('up');
});

test('nginx logs every request it handled', { skip: missing && 'nginx not installed' }, async () => {
  const before = (await nginx.accessLog()).length;
  await (await fetch(`${base}/style.css`)).text();
  const lines = await nginx.accessLog();
  assert.equal(lines.length, before + 1);
  assert.match(lines.at(-1), /GET \/style\.css/);
});
