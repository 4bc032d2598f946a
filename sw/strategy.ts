// Network first, with what a gateway outage needs on top of Workbox's NetworkFirst: the
// navigation preload answer goes through the same checks as a fetch, a failed write for
// lack of quota evicts and retries, and one timeout per outage rather than per request.
import { Strategy, type StrategyHandler, type StrategyOptions } from 'workbox-strategies';
import { saveCopy } from './copies.js';
import { Failure } from './failure.js';
import type { IncidentLog } from './incidents.js';
import { keepRecent } from './plugins/byte-limit.js';
import { tracked } from './retire.js';

export interface OutageAwareOptions extends StrategyOptions {
  /** Milliseconds to wait for the network (navigation preload included). */
  timeout: number;
  log: IncidentLog;
}

/** Resolves like `promise`, or rejects with a timeout Failure after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Failure('timeout')), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export class OutageAwareNetworkFirst extends Strategy {
  private readonly timeout: number;
  private readonly log: IncidentLog;

  constructor(options: OutageAwareOptions) {
    super(options);
    this.timeout = options.timeout;
    this.log = options.log;
  }

  protected override async _handle(request: Request, handler: StrategyHandler): Promise<Response> {
    if (this.log.outage) {
      // One timeout per outage: while the site is known to be failing, a saved copy is served
      // without waiting out the timeout again; the network goes on in the background, and a
      // success ends the outage. A navigation still gives the network a short grace: that is
      // what keeps a site that has just recovered from being answered with a stale copy (its
      // fresh answer arrives well within it, and ends the outage before the page's assets
      // are asked for). Assets asked for during the outage belong to a page served as a copy.
      const copy = await handler.cacheMatch(request);
      if (copy) {
        const network = this.fetchAndSave(request, handler);
        void handler.waitUntil(network.catch(() => undefined));
        if (request.mode !== 'navigate') return copy;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, this.timeout / 4); });
        const fresh = await Promise.race([network.catch(() => undefined), grace]).finally(() => clearTimeout(timer));
        return fresh ?? copy;
      }
    }
    try {
      return await this.fetchAndSave(request, handler);
    } catch (error) {
      const copy = await handler.cacheMatch(request);
      if (copy) return copy;
      throw error; // handlerDidError answers with a fallback
    }
  }

  /** Fetches `request` and saves a copy of a good answer off the critical path. */
  async fetchAndSave(request: Request, handler: StrategyHandler): Promise<Response> {
    const page = request.mode === 'navigate';
    if (page) this.log.wholePages.add(handler.event);
    const response = await this.fetchChecked(request, handler);
    if (page) {
      await this.wholeBody(request, response, handler);
      this.log.succeeded(handler.event, request.url);
    }
    void handler.waitUntil(this.save(request, response.clone(), handler));
    return response;
  }

  /**
   * Waits until the whole page has arrived. A gateway whose upstream dies mid-body has
   * already said "200 OK", so passing the stream on would show the visitor half a page;
   * a body that breaks is a network failure like any other, and the saved copy is served.
   * The cost: a page is shown once complete rather than streamed (pages are small;
   * subresources are not held back).
   */
  private async wholeBody(request: Request, response: Response, handler: StrategyHandler): Promise<void> {
    try {
      await response.clone().arrayBuffer();
    } catch {
      const error = new Failure('network');
      await handler.runCallbacks('fetchDidFail', { error, event: handler.event, originalRequest: request, request });
      throw error;
    }
  }

  /** Saves `response` through the route's plugins, surviving a full quota (copies.ts). */
  save(request: Request, response: Response, handler: StrategyHandler): Promise<boolean> {
    const cache = { put: (key: Request, value: Response) => handler.cachePut(key, value) };
    return tracked(saveCopy(cache, request, response, async () => {
      const count = (await (await caches.open(this.cacheName)).keys()).length;
      await keepRecent(this.cacheName, Math.floor(count * 3 / 4));
    }));
  }

  /**
   * The network's answer, with every plugin check applied. Workbox's StrategyHandler.fetch
   * returns a navigation preload answer untouched — no fetchDidSucceed (so a 502 would reach
   * the visitor) and no timeout — so the preload gets the same callbacks here. A preload
   * cannot be aborted (there is no signal for it); on timeout it is only no longer awaited,
   * and preload stays off for the rest of the outage (incidents.ts).
   */
  private async fetchChecked(request: Request, handler: StrategyHandler): Promise<Response> {
    const event = handler.event as FetchEvent;
    const preload = request.mode === 'navigate' ? event.preloadResponse : undefined;
    if (!preload) return handler.fetch(request);
    let response: Response | undefined;
    try {
      response = (await withTimeout(preload, this.timeout)) as Response | undefined;
      // Firefox (ESR 153) resolves a refused preload with a network error response instead
      // of rejecting (Service Workers spec: preloadResponse rejects with a TypeError); left
      // as an answer, Workbox treats it as no response and the fallback page is served
      // although a copy is saved.
      if (response?.type === 'error') throw new Failure('network');
      if (response) {
        for (const callback of handler.iterateCallbacks('fetchDidSucceed')) {
          response = await callback({ event, request, response });
        }
      }
    } catch (error) {
      await handler.runCallbacks('fetchDidFail', { error: error as Error, event, originalRequest: request, request });
      throw error;
    }
    return response ?? handler.fetch(request); // no preload answer: preload is not enabled
  }
}
