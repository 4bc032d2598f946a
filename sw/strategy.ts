// Network first, with what a gateway outage needs on top of Workbox's NetworkFirst: the
// navigation preload answer goes through the same checks as a fetch, a failed write for
// lack of quota evicts and retries, and one timeout per outage rather than per request.
import { Strategy, type StrategyHandler, type StrategyOptions } from 'workbox-strategies';
import { saveCopy } from './copies.js';
import { Failure } from './failure.js';
import type { IncidentLog } from './incidents.js';
import { keepRecent } from './plugins/byte-limit.js';

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
      // at once and the network gets its chance in the background; a success ends the outage.
      const copy = await handler.cacheMatch(request);
      if (copy) {
        void handler.waitUntil(this.fetchAndSave(request, handler).catch(() => undefined));
        return copy;
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
    const response = await this.fetchChecked(request, handler);
    void handler.waitUntil(this.save(request, response.clone(), handler));
    return response;
  }

  /** Saves `response` through the route's plugins, surviving a full quota (copies.ts). */
  save(request: Request, response: Response, handler: StrategyHandler): Promise<boolean> {
    const cache = { put: (key: Request, value: Response) => handler.cachePut(key, value) };
    return saveCopy(cache, request, response, async () => {
      const count = (await (await caches.open(this.cacheName)).keys()).length;
      await keepRecent(this.cacheName, Math.floor(count * 3 / 4));
    });
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
