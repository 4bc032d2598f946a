// Edge mode in workerd (Miniflare): what the edge adds on a healthy site, and how it holds
// up under load with the origin down. Used by bench/run.mjs and test/node/edge-load.test.mjs.
import { request, Agent } from 'node:http';
import { createOrigin } from '../test/servers/origin.mjs';
import { startEdge } from '../test/servers/edge.mjs';
import { stats } from './browser.mjs';

/** One GET through `agent`: { status, copy (x-bad-gateway), body, ms }; rejects on a socket error. */
export function get(url, agent, headers = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { agent, headers: { 'accept-encoding': 'identity', 'sec-fetch-mode': 'navigate', accept: 'text/html', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, served: res.headers['x-bad-gateway'] ?? null, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts an origin and an edge in front of it (extra `vars` for the edge). */
export async function startEdgeSite(vars = {}, { kv = false } = {}) {
  const origin = createOrigin();
  await origin.listen();
  const edge = await startEdge({ vars: { BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${origin.port}`, BAD_GATEWAY_SCRIPT: '/bad-gateway.min.js', ...vars }, kv });
  return { origin, edge, async stop() { await edge.stop(); await origin.close(); } };
}

/**
 * Happy path: `rounds` sequential GETs of a 20 KB public page, straight to the origin and
 * through the edge, interleaved. "steady": the same URL, whose copy is recent (the edge only
 * passes it on); "saving": a new URL each time, so the edge also tees the body into a copy.
 */
export async function edgeLatency({ rounds = 300 } = {}) {
  const site = await startEdgeSite();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const path = '/gen/latency?cc=public&size=20000';
  const origin = `http://127.0.0.1:${site.origin.port}`;
  try {
    for (let i = 0; i < 20; i++) { await get(origin + path, agent); await get(site.edge.url + path, agent); }
    const straight = []; const steady = []; const saving = [];
    for (let i = 0; i < rounds; i++) {
      straight.push((await get(origin + path, agent)).ms);
      steady.push((await get(site.edge.url + path, agent)).ms);
      saving.push((await get(`${site.edge.url}/gen/latency-${i}?cc=public&size=20000`, agent)).ms);
    }
    return { rounds, straight: stats(straight), steady: stats(steady), saving: stats(saving) };
  } finally {
    agent.destroy();
    await site.stop();
  }
}

/**
 * Load with the origin down: `pages` public pages are saved, the origin process goes away,
 * then `requests` GETs at `concurrency` at once. Counts what came back: copies whose body is
 * the saved page, anything else, and socket errors.
 */
export async function edgeLoad({ requests = 2000, concurrency = 100, pages = 20, vars = {}, kv = false } = {}) {
  const site = await startEdgeSite(vars, { kv });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const urls = Array.from({ length: pages }, (_, i) => `${site.edge.url}/gen/load-${i}?cc=public&size=10000`);
  try {
    const expected = new Map();
    for (const url of urls) expected.set(url, (await get(url, agent)).body);
    // The background saves: wait until each page is served as a copy with the origin down.
    await site.origin.setMode('down');
    for (const url of urls) {
      for (let i = 0; i < 500 && (await get(url, agent)).served !== 'copy'; i++) await new Promise((r) => setTimeout(r, 10));
    }
    let next = 0; let copies = 0; let wrong = 0; let errors = 0; const times = []; const errorKinds = new Set();
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const url = urls[next++ % pages];
        try {
          const res = await get(url, agent);
          times.push(res.ms);
          // The copy is the saved page plus what the edge injects (incident meta, script tag).
          const stripped = res.body.replace(/<meta name="bad-gateway-incident"[^>]*>|<script src="\/bad-gateway\.min\.js"[^>]*><\/script>/g, '');
          if (res.status === 200 && res.served === 'copy' && stripped === expected.get(url)) copies++;
          else wrong++;
        } catch (error) {
          errors++;
          errorKinds.add(error.code ?? error.message);
        }
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    return { requests, concurrency, pages, copies, wrong, errors, errorKinds: [...errorKinds], perSecond: requests / seconds, latency: stats(times) };
  } finally {
    agent.destroy();
    await site.stop();
  }
}
