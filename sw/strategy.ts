// Network first, with what a gateway outage needs on top of Workbox's NetworkFirst: the
// navigation preload answer goes through the same checks as a fetch, a failed write for
// lack of quota evicts and retries, and one timeout per outage rather than per request.
import { Strategy, type StrategyHandler, type StrategyOptions } from 'workbox-strategies';
import { httpCached, readWhole, saveCopy } from './copies.js';
import { Failure } from './failure.js';
import type { IncidentLog } from './incidents.js';
import { keepRecent } from './plugins/byte-limit.js';
import { tracked } from './retire.js';

export interface OutageAwareOptions extends StrategyOptions {
  /** Milliseconds to wait for the network (navigation preload included). */
  timeout: number;
  log: IncidentLog;
}

/** Destinations passed on only once whole (see _wholeBody); pages and images stream. */
const WHOLE_ONLY = ['style', 'script', 'font'];

/**
 * `response` with a body that ends, rather than errors, where the network's breaks off.
 * Erroring a stream empties its queue (Streams, ReadableStreamError), so the page would lose
 * the part that had arrived but not yet been read — all but the head, while the parser waits
 * for a script. The break itself is caught and told to the page by _arrived(). Chunks are
 * passed on as the page reads them: the page still streams.
 */
function keepWhatArrives(response: Response): Response {
  // Redirects and bodiless answers go as they are (an opaque redirect cannot be rebuilt).
  if (!response.body || response.type === 'opaqueredirect' || response.status < 200) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Resolves like `promise`, or rejects with a timeout Failure after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Failure('timeout')), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export class OutageAwareNetworkFirst extends Strategy {
  private readonly _timeout: number;
  private readonly _log: IncidentLog;

  constructor(options: OutageAwareOptions) {
    super(options);
    this._timeout = options.timeout;
    this._log = options.log;
  }

  protected override async _handle(request: Request, handler: StrategyHandler): Promise<Response> {
    // The last load of this page broke mid-way and its page asked to be reloaded into the
    // copy (see _arrived()): this one load is answered from it, or it would break the same way.
    if (request.mode === 'navigate' && this._log.takeBroken(request.url)) {
      // No look at the network behind it: the page client's health checks tell when the site is whole again.
      const copy = await handler.cacheMatch(request);
      if (copy) return copy;
    }
    if (this._log.outage) {
      // A page the HTTP cache holds fresh is what the browser would show with no worker.
      const fresh = await httpCached(request);
      if (fresh) return fresh;
      // One timeout per outage: while the site is known to be failing, a saved copy is served
      // without waiting out the timeout again; the network goes on in the background, and a
      // success ends the outage. A navigation still gives the network a short grace: that is
      // what keeps a site that has just recovered from being answered with a stale copy (its
      // fresh answer arrives well within it, and ends the outage before the page's assets
      // are asked for). Assets asked for during the outage belong to a page served as a copy.
      const copy = await handler.cacheMatch(request);
      if (copy) {
        let delivered = false;
        const network = this.fetchAndSave(request, handler, () => delivered);
        void handler.waitUntil(network.catch(() => undefined));
        if (request.mode !== 'navigate') return copy;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, this._timeout / 4); });
        const fresh = await Promise.race([network.catch(() => undefined), grace]).finally(() => clearTimeout(timer));
        delivered = !!fresh;
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

  /**
   * Fetches `request` and saves a copy of a good answer off the critical path. A page is
   * passed on as it arrives, so a streamed page (React's renderToPipeableStream, Next.js
   * loading.js, …) paints its shell at once; what is saved, and whether the site counts as
   * back, waits for the whole body in the background (_arrived()).
   */
  async fetchAndSave(request: Request, handler: StrategyHandler, delivered = () => true): Promise<Response> {
    const page = request.mode === 'navigate';
    if (page) this._log.wholePages.add(handler.event);
    const outage = !!this._log.outage;
    const response = await this._fetchChecked(request, handler);
    // Asked for during the outage, the page went past the HTTP cache (the plugin's
    // requestWillFetch), so once whole it proves the site is back; a navigation preload the
    // browser sent as the outage began may not have.
    if (page) void handler.waitUntil(this._arrived(request, response.clone(), handler, delivered, outage && !(await (handler.event as FetchEvent).preloadResponse)));
    else if (WHOLE_ONLY.includes(request.destination)) await this._wholeBody(request, response, handler);
    void handler.waitUntil(this.save(request, response.clone(), handler));
    return page ? keepWhatArrives(response) : response;
  }

  /**
   * Waits until the whole stylesheet, script or font has arrived. A browser uses none of them
   * before it has all of it, so holding it costs nothing, and a body that breaks off (a
   * gateway whose upstream died mid-answer, after "200 OK") becomes a network failure like
   * any other: the saved copy is served instead of a script that fails to run.
   */
  private async _wholeBody(request: Request, response: Response, handler: StrategyHandler): Promise<void> {
    try {
      await readWhole(response.clone());
    } catch {
      const error = new Failure('network');
      await handler.runCallbacks('fetchDidFail', { error, event: handler.event, originalRequest: request, request });
      throw error;
    }
  }

  /**
   * Reads a page's body alongside the visitor's copy of it. Whole: the site answers (the end
   * of an outage). Broken off — a reset, or fewer bytes than its Content-Length — after the
   * gateway already said "200 OK": the visitor has half a page, and holding every page back
   * until it is complete would cost every streamed page its first paint. So the break is
   * told to the page this navigation created (resultingClientId); when a saved copy exists,
   * the page client reloads once, and that one load is answered from the copy (_handle).
   * The broken body is never saved: its save reads the same stream and fails with it.
   */
  private async _arrived(request: Request, response: Response, handler: StrategyHandler, delivered: () => boolean, proof: boolean): Promise<void> {
    try {
      await readWhole(response);
    } catch {
      // A page nobody is reading (the copy won the race, an install-time fetch) has nothing to tell.
      if (!delivered() || !('resultingClientId' in handler.event)) return;
      const copy = await handler.cacheMatch(request).catch(() => undefined);
      this._log.broke(handler.event as FetchEvent, request, !!copy);
      return;
    }
    this._log.succeeded(handler.event, request.url, proof);
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
  private async _fetchChecked(request: Request, handler: StrategyHandler): Promise<Response> {
    const event = handler.event as FetchEvent;
    const preload = request.mode === 'navigate' ? event.preloadResponse : undefined;
    if (!preload) return handler.fetch(request);
    let response: Response | undefined;
    try {
      response = (await withTimeout(preload, this._timeout)) as Response | undefined;
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
