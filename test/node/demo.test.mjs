// `npm start` serves the demo: the real server process, its gateway and its controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../servers/ports.mjs';

let child; let base;
before(async () => {
  const port = await freePort();
  child = spawn(process.execPath, ['demo/server.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  // Keep reading stdout for the whole run: the server logs each mode change.
  let out = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => { out += chunk; if (out.includes('Ctrl+C')) resolve(); });
    child.once('exit', (code) => reject(new Error(`demo exited early (${code}): ${out}`)));
  });
  base = /Open\s+(http:\/\/\S+?)\/\s/.exec(out)[1];
});
after(async () => { child.kill('SIGTERM'); await once(child, 'exit'); });

const control = (body) => fetch(`${base}/__demo/control`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }).then((r) => r.json());

test('serves the demo pages with the SDK script tag, stylesheet, script and image', async () => {
  const html = await (await fetch(`${base}/`)).text();
  assert.match(html, /<script src="\/bad-gateway\.min\.js" data-critical-pages="\/ \/news\.html"/);
  assert.match(html, /data-warm="links"/, "the demo warms the links of each page");
  assert.match(html, /class="demo-coverage"/, "its panel says how many links are readable offline");
  for (const asset of ['style.css', 'app.js', 'logo.svg', 'bad-gateway.min.js', 'bad-gateway-sw.js']) {
    assert.equal((await fetch(`${base}/${asset}`)).status, 200, asset);
  }
});

test('the controls take the origin down (genuine 502), to 503 with Retry-After, and back', async () => {
  assert.equal((await control('mode=down')).mode, 'down');
  assert.equal((await fetch(`${base}/news.html`)).status, 502);
  const status = await (await fetch(`${base}/__demo/status/api/v2/summary.json`)).json();
  assert.equal(status.status.indicator, 'critical');
  await control('mode=503');
  const r503 = await fetch(`${base}/news.html`);
  assert.equal(r503.status, 503);
  assert.equal(r503.headers.get('retry-after'), '30');
  await control('mode=up');
  assert.equal((await fetch(`${base}/news.html`)).status, 200);
});

test('publishing a new version changes every page', async () => {
  const { version } = await control('bump');
  const html = await (await fetch(`${base}/news.html`)).text();
  assert.match(html, new RegExp(`<strong class="version">${version}</strong>`));
});
