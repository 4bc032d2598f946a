// Install time: fetch the critical pages and the app shell with the assets they name, and the fallback page, the
// script tag's script and its banner file, so they work during an outage even if the visitor
// never opened them. A healthy page never fetches the banner file: this copy is how a saved
// page or the fallback page shows the banner with no network at all.
import { bannerFile, type WorkerConfig } from '../core/worker-config.js';
import { StrategyHandler } from 'workbox-strategies';
import { prepareCopy } from './copies.js';
import { pageAssets } from './page-assets.js';
import type { OutageAwareNetworkFirst } from './strategy.js';

/** Fetches `url` through the route's strategy (same checks, same cache, same limits). */
async function keep(url: string, strategy: OutageAwareNetworkFirst, event: ExtendableEvent): Promise<Response> {
  const request = new Request(url);
  const handler = new StrategyHandler(strategy, { event, request });
  try {
    return await strategy.fetchAndSave(request, handler);
  } finally {
    await handler.doneWaiting().catch(() => undefined);
    handler.destroy();
  }
}

/** Stores `url` in `cacheName`, outside the route's limits: the fallback must not be evicted. */
async function keepCore(url: string, cacheName: string, config: WorkerConfig): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(config.timeout) });
  const copy = await prepareCopy(response, config.maxEntryBytes, config.saveNoStore);
  if (!copy) throw new Error(`answered ${response.status}, not saved`);
  await (await caches.open(cacheName)).put(url, copy);
}

/**
 * Keeps everything the configuration names. Never rejects: one unreachable page must not
 * stop the worker from installing (the visitor would be left with no protection at all),
 * so each failure is logged and the rest carries on.
 */
export async function keepCritical(config: WorkerConfig, strategy: OutageAwareNetworkFirst, event: ExtendableEvent, coreCache: string): Promise<void> {
  const tried = new Set<string>();
  const attempt = async (url: string, work: () => Promise<unknown>) => {
    if (tried.has(url)) return;
    tried.add(url);
    try { await work(); } catch (error) { console.warn(`bad-gateway: could not keep ${url}:`, error); }
  };
  const page = (url: string) => attempt(url, async () => {
    const response = await keep(url, strategy, event);
    if (!/html/i.test(response.headers.get('content-type') ?? '')) return;
    const assets = pageAssets(await response.text(), url);
    await Promise.all(assets.map((asset) => attempt(asset, () => keep(asset, strategy, event))));
  });
  const script = config.bannerScript;
  const core = [config.fallbackPage, script, script && bannerFile(script)].filter((url): url is string => !!url);
  await Promise.all([
    ...core.map((url) => attempt('core ' + url, () => keepCore(url, coreCache, config))),
    // The app shell as a critical page: its scripts and styles are what make it an app.
    ...config.criticalPages.concat(config.appShell ?? []).map(page),
  ]);
}
