// Runs the built edge worker (dist/bad-gateway-edge.js) in workerd, Cloudflare's own runtime,
// through Miniflare, on a loopback port: the real Cache API, KV and HTMLRewriter.
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { freePort } from './ports.mjs';

export const EDGE_SCRIPT = fileURLToPath(new URL('../../dist/bad-gateway-edge.js', import.meta.url));
/** The compatibility date the tests and the README's wrangler.toml use (the newest this workerd supports is later). */
export const COMPATIBILITY_DATE = '2026-04-20';

/**
 * Starts the edge with `vars` as its environment (BAD_GATEWAY_* text variables); `kv: true`
 * binds a KV namespace as BAD_GATEWAY_COPIES, kept in the folder `persist` when given (two
 * edges with one folder are two data centres sharing KV). `log(line)` receives what the worker logs.
 * Returns { url, port, mf, stop() }.
 */
export async function startEdge({ vars = {}, kv = false, persist, scriptPath = EDGE_SCRIPT, log } = {}) {
  const port = await freePort();
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // Module names are paths under this root; a script outside the working directory needs its own.
    modulesRoot: dirname(scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: vars,
    kvNamespaces: kv ? ['BAD_GATEWAY_COPIES'] : [],
    ...(persist ? { kvPersist: persist } : {}),
    host: '127.0.0.1',
    port,
    ...(log ? { handleRuntimeStdio(stdout, stderr) { for (const s of [stdout, stderr]) s.on('data', (d) => log(String(d))); } } : {}),
  });
  const url = (await mf.ready).href.replace(/\/$/, '');
  return { url, port, mf, stop: () => mf.dispose() };
}
