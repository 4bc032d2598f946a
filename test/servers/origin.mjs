// A small, controllable origin server: the "site" that sits behind a gateway.
// It serves the demo site (templated with a version number) plus programmable
// answers under gen/, and can be taken down, made to hang, answer a status, or
// reset connections mid-body — each a real socket-level behaviour, not a mock.
import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const REPO = join(here, '../..');
export const SITE_DIR = join(here, '../../demo/site');
export const DIST_DIR = join(here, '../../dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.woff2': 'font/woff2',
};

/** Files the SDK ships, served at the site root as a site owner would copy them. */
const SDK_FILES = new Set(['bad-gateway.min.js', 'bad-gateway-banner.min.js', 'bad-gateway-sw.js', 'bad-gateway-sw-remove.js']);

/** Repository files that may be served, bundled, in place of bad-gateway-sw.js (serveWorker). */
const TEST_WORKER = /^test\/[\w/-]+\.(?:ts|js)$/;

/**
 * React and its Node streaming renderer, production builds as a site would run them. (The
 * development build wraps console methods at load, which breaks inside @web/test-runner's
 * process, whose console is its own proxy.) The builds are chosen by NODE_ENV at first require.
 */
let react;
function loadReact() {
  if (react) return react;
  const require = createRequire(import.meta.url);
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    react = { React: require('react'), renderToPipeableStream: require('react-dom/server').renderToPipeableStream };
  } finally {
    if (env === undefined) delete process.env.NODE_ENV; else process.env.NODE_ENV = env;
  }
  return react;
}

/** One self-contained classic script from a worker entry, built as the dist worker is (production Workbox). */
async function bundleWorker(entry) {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [entry], bundle: true, format: 'iife', target: 'es2020', write: false, logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0].contents;
}

/**
 * Creates an origin. `base` is the path prefix the site lives under ('/' for the demo,
 * '/o/<id>/' in tests); `inject(path)` returns HTML put in place of `<!--bad-gateway-->`, and
 * `controls` (a string, or a function of the path) in place of `<!--demo-controls-->` in the
 * body. `publicDir`, when given, is a site owner's own folder served at the root, before the
 * demo pages and the SDK files (as `public/` in a bundler app). `pageHeaders()` adds headers
 * to every HTML page (a Content-Security-Policy, say). A path without an extension is also
 * looked up as `<path>.html` (clean URLs: /pricing → pricing.html). `spa`: a single-page app
 * (publicDir is its build): a path without an extension that matches no file gets its
 * index.html, as an app's server answers its client routes. `assetCache`: the Cache-Control of
 * everything but pages and the SDK's files (a build's hashed files: 'max-age=31536000, immutable').
 */
export function createOrigin({ base = '/', siteDir = SITE_DIR, distDir = DIST_DIR, publicDir = null, spa = false, pageHeaders = () => ({}), inject = () => '', controls = '', scriptCache = 'no-cache', assetCache = 'max-age=60' } = {}) {
  const state = {
    mode: 'up', status: 503, headers: {}, version: 1, port: 0,
    counts: new Map(), hung: new Set(), swFile: 'bad-gateway-sw.js',
    /** Tails of streamed pages and gen/ answers waiting for the test to let them go (?hold=key). */
    holds: new Map(),
  };
  const hold = (key) => {
    if (!state.holds.has(key)) {
      let release;
      const promise = new Promise((resolve) => { release = resolve; });
      state.holds.set(key, { promise, release });
    }
    return state.holds.get(key);
  };
  const sockets = new Set();

  function count(method, path) {
    const key = `${method} ${path}`;
    state.counts.set(key, (state.counts.get(key) ?? 0) + 1);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://origin.invalid');
    const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : null;
    count(req.method, path ?? url.pathname);
    if (state.mode === 'hang') {
      res.bgRequest = `${req.method} ${path ?? url.pathname}`;
      state.hung.add(res);
      // A client that gives up (aborts) closes the connection: the request is no longer held.
      res.on('close', () => state.hung.delete(res));
      return;
    }
    if (state.mode === 'status') {
      res.writeHead(state.status, { 'content-type': 'text/html; charset=utf-8', ...state.headers });
      res.end(`<!doctype html><title>${state.status}</title><h1>Origin says ${state.status}</h1>`);
      return;
    }
    if (path === null) { res.writeHead(404).end('outside base'); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // Drain the body so the count reflects a complete request, then acknowledge.
      let body = '';
      for await (const chunk of req) body += chunk;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`received ${req.method} ${path} (${body.length} bytes)`);
      return;
    }
    if (path.startsWith('gen/')) return generated(url, res);
    if (path.startsWith('api/')) return api(url, path, res);
    if (path.startsWith('stream/')) return streamed(url, path, res);
    if (path === 'time') {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      res.end(String(Date.now()));
      return;
    }
    return file(path === '' || path.endsWith('/') ? path + 'index.html' : path, res);
  }

  async function file(path, res) {
    let full; let body;
    const name = path === 'bad-gateway-sw.js' ? state.swFile : path;
    if (name !== path && TEST_WORKER.test(name)) {
      // A test's own worker (e.g. one using the bad-gateway/sw module), bundled as a classic script.
      res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-cache' });
      res.end(await bundleWorker(join(REPO, name)));
      return;
    }
    const candidates = [];
    for (const n of extname(name) ? [name] : [name, name + '.html']) {
      if (publicDir) candidates.push(join(publicDir, normalize('/' + n)));
      candidates.push(SDK_FILES.has(n) ? join(distDir, n) : join(siteDir, normalize('/' + n)));
    }
    if (spa && !extname(name)) candidates.push(join(publicDir, 'index.html'));
    for (const candidate of candidates) {
      body = await readFile(candidate).catch(() => null);
      if (body) { full = candidate; break; }
    }
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Not found</title><h1>404 — no such page</h1>');
      return;
    }
    const type = TYPES[extname(full)] ?? 'application/octet-stream';
    // A HEAD answer has no body to break: in reset mode it is answered whole, as a real
    // upstream that crashes while streaming pages still answers HEAD.
    const breaking = (state.mode === 'reset' || state.mode === 'short') && res.req.method !== 'HEAD';
    if (type.startsWith('text/html')) {
      body = Buffer.from(body.toString('utf8')
        .replaceAll('{{version}}', String(state.version))
        .replaceAll('{{time}}', new Date().toISOString())
        .replace('<!--bad-gateway-->', inject(path))
        .replace('<!--demo-controls-->', typeof controls === 'function' ? controls(path) : controls));
    }
    res.writeHead(200, {
      'content-type': type,
      // Pages must be revalidated each time (a healthy site never shows stale HTML); assets may be cached briefly.
      // `scriptCache` is how the script-tag bundle is served: no-cache in tests (always the
      // fresh build), cacheable in the benchmark, as a site or CDN would serve a release.
      'cache-control': name === 'bad-gateway.min.js' || name === 'bad-gateway-banner.min.js' ? scriptCache
        : type.startsWith('text/html') || SDK_FILES.has(name) ? 'no-cache' : assetCache,
      ...(type.startsWith('text/html') ? pageHeaders() : {}),
      // As a CDN serves them (jsDelivr, unpkg): the worker keeps the script tag's files with a CORS fetch.
      ...(SDK_FILES.has(name) ? { 'access-control-allow-origin': '*' } : {}),
      ...(breaking ? { 'content-length': String(Buffer.byteLength(body) + 4096) } : {}),
    });
    if (breaking) {
      // Send half the body, then drop the connection: a response that was never complete.
      // The pause lets the head and first half reach the client before the drop, as when
      // an upstream crashes while streaming.
      // 'short' closes the connection cleanly: the body just ends before its Content-Length.
      res.write(body.subarray(0, Math.ceil(body.length / 2)));
      setTimeout(() => (state.mode === 'short' ? res.socket?.end() : res.socket?.destroy()), 100);
      return;
    }
    res.end(body);
  }

  /**
   * stream/<name>?delay=ms or ?hold=key: a page streamed as React 19 streams it
   * (renderToPipeableStream, the way React Router, Next.js and others serve pages): the
   * document's head and the shell with a Suspense fallback ("Loading…") go out at once, the
   * tail when its data is ready — after `delay` ms, or when the test releases `key`. In
   * 'reset' mode the connection is reset after the shell; in 'short' mode the whole page is
   * announced with a Content-Length and only the part before the tail is sent.
   */
  async function streamed(url, path, res) {
    const { React, renderToPipeableStream } = loadReact();
    const h = React.createElement;
    const q = url.searchParams;
    const version = state.version;
    const ready = q.has('hold') ? hold(q.get('hold')).promise : new Promise((r) => setTimeout(r, Number(q.get('delay') ?? 0)));
    function Tail() {
      React.use(ready);
      return h('section', { className: 'tail' }, h('h2', null, 'Reviews'), h('p', null, `Tail of version ${version}`));
    }
    // A root element: with a bare fragment at the root, React 19.3 held the whole shell back until the tail was ready.
    const app = h('div', { className: 'app' },
      h('h1', { className: 'shell' }, `Streamed page ${path.slice(7)}`),
      h('p', null, 'The shell arrives first; the reviews stream in below.'),
      h(React.Suspense, { fallback: h('p', { className: 'loading' }, 'Loading…') }, h(Tail)));
    const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="bg-version" content="${version}">` +
      `<title>Streamed ${path.slice(7)}</title><link rel="stylesheet" href="${base}style.css">${inject(path)}</head><body><main id="root">`;
    const end = `</main>${typeof controls === 'function' ? controls(path) : controls}</body></html>`;
    const mode = res.req.method === 'HEAD' ? 'up' : state.mode;
    const headers = { 'content-type': TYPES['.html'], 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };
    if (mode === 'short') {
      const chunks = [];
      const { pipe } = renderToPipeableStream(app, {
        onAllReady() {
          const sink = new Writable({ write(c, _e, cb) { chunks.push(Buffer.from(c)); cb(); }, final(cb) {
            const body = Buffer.concat([Buffer.from(head), ...chunks, Buffer.from(end)]);
            res.writeHead(200, { ...headers, 'content-length': String(body.length) });
            // Up to the tail: the shell arrives, the rest never does.
            res.write(body.subarray(0, body.indexOf('<section class="tail"')));
            setTimeout(() => res.socket?.end(), 100);
            cb();
          } });
          pipe(sink);
        },
      });
      return;
    }
    const { pipe } = renderToPipeableStream(app, {
      onShellReady() {
        res.writeHead(200, headers);
        res.write(head);
        if (mode === 'reset') {
          // The shell, then a reset: an upstream that crashed while streaming.
          const sink = new Writable({ write(c, _e, cb) { res.write(c, cb); } });
          pipe(sink);
          setTimeout(() => res.socket?.resetAndDestroy(), 100);
          return;
        }
        pipe(new Writable({ write(c, _e, cb) { res.write(c, cb); }, final(cb) { res.end(end); cb(); } }));
      },
      onShellError(error) { res.writeHead(500).end(String(error)); },
    });
  }

  /**
   * api/<anything>?cc=: an app's JSON data — the path, the site's version and whether the
   * request carried Authorization — with `Cache-Control: no-cache` (or `cc`).
   */
  function api(url, path, res) {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': url.searchParams.get('cc') ?? 'no-cache' });
    res.end(JSON.stringify({ path, version: state.version, authorized: 'authorization' in res.req.headers }));
  }

  // gen/<anything>?status=&cc=&vary=&size=&type=&redirect=&body=&html=&server=&set-cookie=&echo-cookie&hold= —
  // programmable answers for tests (echo-cookie puts the request's Cookie header in the page;
  // hold=key answers only once the test releases key, in whatever mode the site is in by then;
  // html is markup put in the page as is: links for the warming tests; raw is the whole body, for scripts).
  async function generated(url, res) {
    const q = url.searchParams;
    if (q.has('hold')) await hold(q.get('hold')).promise;
    const status = Number(q.get('status') ?? 200);
    const headers = { 'content-type': q.get('type') ?? 'text/html; charset=utf-8' };
    if (q.has('cc')) headers['cache-control'] = q.get('cc');
    if (q.has('vary')) headers.vary = q.get('vary');
    if (q.has('server')) headers.server = q.get('server');
    if (q.has('retry-after')) headers['retry-after'] = q.get('retry-after');
    if (q.has('set-cookie')) headers['set-cookie'] = q.get('set-cookie');
    if (q.has('redirect')) {
      res.writeHead(302, { location: q.get('redirect'), 'cache-control': 'no-cache' }).end();
      return;
    }
    const text = (q.get('body') ?? `page ${url.pathname} v${state.version}`) + (q.has('echo-cookie') ? ` for ${res.req.headers.cookie ?? 'nobody'}` : '');
    const pad = Number(q.get('size') ?? 0);
    res.writeHead(status, headers);
    if (q.has('raw')) { res.end(q.get('raw')); return; }
    res.end(`<!doctype html><title>${text}</title><p class="gen">${text}</p>${q.get('html') ?? ''}` + 'x'.repeat(Math.max(0, pad)));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => { res.destroy(err); });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  function listen(port = 0) {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        state.port = server.address().port;
        resolve(state.port);
      });
    });
  }

  function releaseHung() {
    for (const res of state.hung) res.destroy();
    state.hung.clear();
  }

  return {
    get port() { return state.port; },
    get version() { return state.version; },
    /** Requests seen, as a plain object of "METHOD path" → count. */
    counts: () => Object.fromEntries(state.counts),
    resetCounts: () => state.counts.clear(),
    /** Requests held open right now in hang mode, as "METHOD path" (one the client aborted is gone). */
    hung: () => [...state.hung].map((res) => res.bgRequest),
    bump: () => ++state.version,
    /** Lets the tail of streamed pages held under `key` go (it may come before the request). */
    release: (key) => { hold(key).release(); },
    /**
     * Serve a different file in place of bad-gateway-sw.js: a dist file (e.g. the removal
     * worker), or a worker entry under test/ (bundled with esbuild on each request).
     */
    serveWorker: (name) => { state.swFile = name; },
    listen,
    /** up | down | hang | status | reset | short. `down` closes the listening socket: connection refused. */
    async setMode(mode, { status = 503, headers = {} } = {}) {
      if (!['up', 'down', 'hang', 'status', 'reset', 'short'].includes(mode)) throw new Error(`unknown origin mode ${mode}`);
      const wasDown = state.mode === 'down';
      releaseHung();
      state.mode = mode; state.status = status; state.headers = headers;
      if (mode === 'down' && !wasDown) {
        await new Promise((r) => { server.close(() => r()); for (const s of sockets) s.destroy(); });
      } else if (mode !== 'down' && wasDown) {
        await listen(state.port);
      }
    },
    get mode() { return state.mode; },
    async close() {
      releaseHung();
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise((r) => server.close(() => r()));
    },
  };
}
