// The answer to a failed request that has no servable copy.
import { SERVED_HEADER } from '../core/protocol.js';
import type { WorkerConfig } from '../core/worker-config.js';
import { fallbackPage, pickLang } from '../core/fallback-page.js';
import type { Failure } from './failure.js';

declare const self: ServiceWorkerGlobalScope;

/**
 * For a navigation: the site's own fallback page when it is saved, otherwise the built-in one,
 * both with the failed answer's status (network errors and timeouts become 503) and marked
 * SERVED_HEADER 'fallback'. For anything else: the failed answer itself, or a network error.
 */
export async function fallbackFor(request: Request, failure: Failure | undefined, config: WorkerConfig): Promise<Response> {
  if (request.mode !== 'navigate') return failure?.response ?? Response.error();
  const failed = failure?.response;
  const init = {
    status: failed?.status ?? 503,
    headers: new Headers({ [SERVED_HEADER]: 'fallback', 'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8' }),
  };
  const retryAfter = failed?.headers.get('retry-after');
  if (retryAfter) init.headers.set('retry-after', retryAfter);
  // Navigation requests seen by a worker may lack Accept-Language, hence the worker's own list.
  const lang = pickLang(config.lang, request.headers.get('accept-language'), self.navigator.languages?.join(','));
  const own = config.fallbackPage ? await caches.match(config.fallbackPage, { ignoreVary: true }) : undefined;
  if (own) {
    init.headers.set('content-type', own.headers.get('content-type') ?? 'text/html');
    return new Response(own.body, init);
  }
  const banner = config.bannerScript && (await caches.match(config.bannerScript, { ignoreVary: true })) ? config.bannerScript : null;
  const html = fallbackPage({
    url: request.url,
    lang,
    kind: failure?.kind ?? 'network',
    status: failed?.status,
    failure,
    statusPage: config.statusPage,
    bannerScript: banner,
    criticalPages: config.criticalPages,
  });
  return new Response(html, init);
}
