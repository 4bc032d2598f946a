#!/usr/bin/env node
// The demo: a small multi-page site (demo/site) served by an origin process, behind a
// reverse proxy (http-proxy-middleware) that gives genuine 502/504 answers when the origin
// is down or hangs. A panel on every page (and the URLs printed below) flips the origin
// between healthy, down, hanging, 503 + Retry-After and mid-body resets, so you can watch
// the service worker and the banner work. It also serves a status page in the common
// status-page JSON format, outside the origin, like a real status page would be.
import { createServer } from 'node:http';
import { createOrigin } from '../test/servers/origin.mjs';
import { createGateway } from '../test/servers/gateway.mjs';

const PORT = Number(process.env.PORT ?? 8080);
const HOST = '127.0.0.1';

const MODES = {
  up: { label: 'Healthy', mode: 'up' },
  down: { label: 'Origin down → 502', mode: 'down' },
  hang: { label: 'Origin hangs', mode: 'hang' },
  503: { label: '503 + Retry-After: 30', mode: 'status', status: 503, headers: { 'retry-after': '30' } },
  reset: { label: 'Reset mid-page', mode: 'reset' },
};

const scriptTag = '<script src="/bad-gateway.min.js" data-critical-pages="/ /news.html" ' +
  'data-warm="links" data-status-page="/__demo/status/" data-contact="mailto:help@example.com" data-timeout="3000"></script>';

const controls = `
<aside class="demo-panel" aria-label="Demo controls">
  <strong>Demo origin</strong> <span class="demo-state">…</span>
  <div>${Object.entries(MODES).map(([k, m]) => `<button type="button" data-mode="${k}">${m.label}</button>`).join('')}
  <button type="button" data-bump>Publish new version</button></div>
  <div class="demo-coverage" style="margin-top:6px">Readable offline: …</div>
</aside>
<style>
.demo-panel { position: fixed; left: 12px; bottom: 12px; max-width: 340px; padding: 10px 12px; font: 13px/1.4 system-ui, sans-serif;
  background: #fff; color: #1f2933; border: 1px solid #cbd2d9; border-radius: 8px; box-shadow: 0 4px 16px rgb(0 0 0 / .12); z-index: 1; }
.demo-panel button { margin: 6px 6px 0 0; font: inherit; padding: 3px 8px; border-radius: 5px; border: 1px solid #9aa5b1; background: #f5f7fa; cursor: pointer; }
</style>
<script>
  // Demo only: these POSTs go to the proxy, never to the origin, and the worker never touches POSTs.
  const panel = document.querySelector('.demo-panel');
  const show = (s) => { panel.querySelector('.demo-state').textContent = s.label + ' · version ' + s.version; };
  panel.addEventListener('click', async (e) => {
    const b = e.target.closest('button'); if (!b) return;
    const body = b.dataset.bump !== undefined ? 'bump' : 'mode=' + b.dataset.mode;
    const r = await fetch('/__demo/control', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    show(await r.json());
  });
  fetch('/__demo/control', { method: 'POST', body: '' }).then((r) => r.json()).then(show, () => {});
  // What link warming has covered so far: how many of this page's links a visitor could read in an outage now.
  const coverage = async () => {
    const c = await window.BadGateway?.coverage().catch(() => null);
    if (c) panel.querySelector('.demo-coverage').textContent = 'Readable offline: ' + c.readable + ' of ' + c.links + ' links on this page';
  };
  coverage();
  setInterval(coverage, 3000);
</script>`;

const origin = createOrigin({ inject: () => scriptTag, controls });
await origin.listen();
let current = 'up';

const gateway = createGateway({ route: () => `http://127.0.0.1:${origin.port}`, proxyTimeout: 15000 });

function statusJson() {
  const indicator = { up: 'none', 503: 'major', reset: 'minor' }[current] ?? 'critical';
  const description = { none: 'All Systems Operational', minor: 'Partially Degraded Service', major: 'Partial System Outage', critical: 'Major System Outage' }[indicator];
  const incidents = indicator === 'none' ? [] : [{ name: `Demo: ${MODES[current].label}`, status: 'investigating', impact: indicator }];
  return { page: { name: 'Northwind Outfitters' }, status: { indicator, description }, incidents };
}

async function demoRoute(req, res) {
  const url = new URL(req.url, 'http://demo.invalid');
  if (url.pathname === '/__demo/control' && req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    if (form.has('bump')) origin.bump();
    const key = form.get('mode');
    if (key && MODES[key]) {
      const m = MODES[key];
      await origin.setMode(m.mode, { status: m.status, headers: m.headers });
      current = key;
      console.log(`  origin is now: ${m.label}`);
    }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ mode: current, label: MODES[current].label, version: origin.version }));
    return true;
  }
  if (url.pathname === '/__demo/status/api/v2/summary.json' || url.pathname === '/__demo/status/api/v2/status.json') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(statusJson()));
    return true;
  }
  if (url.pathname === '/__demo/status/') {
    const s = statusJson();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Status</title>
<body style="font:16px/1.5 system-ui;max-width:640px;margin:40px auto;padding:0 20px">
<h1>Northwind Outfitters status</h1><p><strong>${s.status.description}</strong></p>
${s.incidents.map((i) => `<p>Incident: ${i.name} (${i.status})</p>`).join('')}<p><a href="/">Back to the site</a></p>`);
    return true;
  }
  return false;
}

const server = createServer(async (req, res) => {
  try {
    if (req.url.startsWith('/__demo/') && await demoRoute(req, res)) return;
    gateway(req, res, () => res.writeHead(404).end());
  } catch (err) {
    res.destroy(err);
  }
});

server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') {
    console.error(`Port ${PORT} is busy. Start on another one: PORT=8081 npm start`);
    process.exit(1);
  }
  throw err;
});

server.listen(PORT, HOST, () => {
  const base = `http://${HOST}:${PORT}`;
  console.log(`
bad-gateway demo

  Open  ${base}/   (then use the panel at the bottom left of every page)

  The origin runs on ${HOST}:${origin.port}; the gateway in front of it answers 502 when
  the origin is down and 504 after 15 s when it hangs. From a terminal:
    curl -d mode=down  ${base}/__demo/control    # take the origin down (gateway 502)
    curl -d mode=hang  ${base}/__demo/control    # make it hang
    curl -d mode=503   ${base}/__demo/control    # 503 with Retry-After: 30
    curl -d mode=reset ${base}/__demo/control    # drop connections mid-page
    curl -d mode=up    ${base}/__demo/control    # bring it back
    curl -d bump       ${base}/__demo/control    # publish a new version of every page

  Ctrl+C stops it.
`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => { server.close(); await origin.close(); process.exit(0); });
}
