// @web/test-runner plugin: per-test "sites" behind a real gateway, on the test server's own origin.
// Browser tests call executeServerCommand('site', { action, id, ... }) to create a site and
// to take its origin down, make it hang, answer a status, or come back. Requests to
// /o/<id>/... are proxied (http-proxy-middleware) to that site's origin, or to an nginx in
// front of it when the site was started with `via: 'nginx'`. Same origin as the test page,
// so a service worker registered with scope /o/<id>/ controls the site's pages.
import { createOrigin } from './origin.mjs';
import { createGateway } from './gateway.mjs';
import { startNginx, findNginx } from './nginx.mjs';
import { buildSpa } from './spa-build.mjs';
import { rm } from 'node:fs/promises';

export function sitesPlugin({ proxyTimeout = 8000 } = {}) {
  const sites = new Map();
  const gateway = createGateway({
    proxyTimeout,
    route(req) {
      const m = /^\/o\/([\w-]+)\//.exec(req.url ?? '');
      const site = m && sites.get(m[1]);
      if (!site) return null;
      return `http://127.0.0.1:${site.nginx ? site.nginx.port : site.origin.port}`;
    },
  });

  async function start({ id, via = 'node', inject = '', app }) {
    if (!/^[\w-]+$/.test(id ?? '')) throw new Error(`site id must be [\\w-]+, got ${id}`);
    if (sites.has(id)) throw new Error(`site ${id} exists`);
    // app 'spa': the single-page app in test/fixtures/spa, built now with Vite for this site's path.
    const publicDir = app === 'spa' ? await buildSpa(`/o/${id}/`) : null;
    const origin = createOrigin({ base: `/o/${id}/`, inject: () => inject, publicDir, spa: !!publicDir });
    await origin.listen();
    let nginx = null;
    if (via === 'nginx') nginx = await startNginx({ upstreamPort: origin.port, proxyReadTimeout: 5 });
    sites.set(id, { origin, nginx, cleanup: publicDir && (() => rm(publicDir, { recursive: true, force: true })) });
    return { base: `/o/${id}/`, originPort: origin.port };
  }

  function get(id) {
    const site = sites.get(id);
    if (!site) throw new Error(`no site ${id}`);
    return site;
  }

  const actions = {
    start,
    async mode({ id, mode, status, headers }) { await get(id).origin.setMode(mode, { status, headers }); return mode; },
    bump: ({ id }) => get(id).origin.bump(),
    release: ({ id, key }) => { get(id).origin.release(key); return key; },
    counts: ({ id }) => get(id).origin.counts(),
    resetCounts: ({ id }) => { get(id).origin.resetCounts(); return true; },
    hung: ({ id }) => get(id).origin.hung(),
    worker: ({ id, file }) => { get(id).origin.serveWorker(file); return file; },
    // No network between the browser and the site: every request's connection is dropped
    // before any answer (the browser sees a network error, as when offline), gateway included.
    unreachable: ({ id, on }) => { get(id).unreachable = !!on; return !!on; },
    accessLog: async ({ id }) => (get(id).nginx ? await get(id).nginx.accessLog() : null),
    nginxAvailable: () => findNginx() !== null,
    async stop({ id }) {
      const site = sites.get(id);
      if (!site) return false;
      sites.delete(id);
      await site.nginx?.stop();
      await site.origin.close();
      await site.cleanup?.();
      return true;
    },
  };

  /** Koa middleware for the dev server's `middleware` option (runs before its file serving). */
  async function middleware(ctx, next) {
    if (!ctx.url.startsWith('/o/')) return next();
    ctx.respond = false; // the proxy writes the raw response itself
    if (sites.get(/^\/o\/([\w-]+)\//.exec(ctx.url)?.[1])?.unreachable) {
      ctx.req.socket.destroy();
      return;
    }
    await new Promise((resolve) => {
      ctx.res.once('close', resolve);
      gateway(ctx.req, ctx.res, () => { ctx.res.writeHead(404).end('no such site'); });
    });
  }

  return {
    name: 'bad-gateway-sites',
    middleware,
    async serverStop() {
      for (const id of [...sites.keys()]) await actions.stop({ id });
    },
    async executeCommand({ command, payload }) {
      if (command !== 'site') return undefined;
      const fn = actions[payload?.action];
      if (!fn) throw new Error(`unknown site action ${payload?.action}`);
      return (await fn(payload)) ?? null;
    },
  };
}
