// The SDK's own files that the script tag needs during an outage: its script and the banner
// file next to it (WorkerConfig.bannerScript, bannerFile). The install step keeps them in the
// install-time cache (precache.ts); this answers them from there whenever the network does
// not, whatever their age — maxAge bounds how stale a site's content may be shown, not the
// SDK's code — and also when they come from a CDN, which the page route never handles.
import { bannerFile, type WorkerConfig } from '../core/worker-config.js';
import { prepareCopy } from './copies.js';
import type { IncidentLog } from './incidents.js';
import { isRetired } from './retire.js';

declare const self: ServiceWorkerGlobalScope;

/** Absolute URLs of the SDK's files named by `config` (none for a site that does not use the script tag). */
export function sdkFiles(config: WorkerConfig): Set<string> {
  const script = config.bannerScript;
  return new Set(script ? [script, bannerFile(script)] : []);
}

/**
 * Answers GET requests for `files`: from the network while the site answers (and refreshes the
 * kept copy with a good same-origin answer), from the kept copy in `coreCache` at once during
 * an outage or when the network fails (an error, a timeout, a status that is not 200).
 */
export function serveSdkFiles(files: Set<string>, coreCache: string, config: WorkerConfig, log: IncidentLog): void {
  if (!files.size) return;
  self.addEventListener('fetch', (event) => {
    const { request } = event;
    if (isRetired() || request.method !== 'GET' || !files.has(request.url)) return;
    const kept = () => caches.open(coreCache).then((cache) => cache.match(request.url, { ignoreVary: true }));
    event.respondWith((async () => {
      const copy = log.outage ? await kept() : undefined;
      if (copy) return copy;
      try {
        const response = await fetch(request, { signal: AbortSignal.timeout(config.timeout) });
        // A CDN's answer to a classic <script> is opaque: it cannot be checked or kept, only passed on.
        if (response.type === 'opaque') return response;
        if (response.status === 200) {
          const fresh = await prepareCopy(response.clone(), config.maxEntryBytes);
          if (fresh) event.waitUntil(caches.open(coreCache).then((cache) => cache.put(request.url, fresh)).catch(() => undefined));
          return response;
        }
        return (await kept()) ?? response;
      } catch (error) {
        const copy = await kept();
        if (copy) return copy;
        throw error;
      }
    })());
  });
}
