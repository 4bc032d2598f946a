// Tells pages what happened. Subresource failures go straight to the page that asked; a
// failed navigation's page does not exist yet, so its incident waits here until that page
// asks (bad-gateway:query). Also keeps outage mode: after one failure, requests with a saved
// copy stop waiting for the network (see strategy.ts) until something succeeds again.
import type { Incident, WorkerToPage } from '../core/protocol.js';
import { toIncident, type FailureFacts } from './failure.js';

declare const self: ServiceWorkerGlobalScope;

/** How long, and how many, navigation incidents wait for their page to ask. */
const PENDING_MS = 60_000;
const PENDING_MAX = 32;

const urlKey = (url: string) => 'url ' + url.replace(/#.*/, '');

/** Keeps the worker alive for `work`, which may fail without consequence. */
export function keepAlive(event: ExtendableEvent, work: Promise<unknown>): void {
  const done = work.catch(() => undefined); // e.g. a page that went away: nothing to do
  // The event may already be finished (a background refresh outliving its response).
  try { event.waitUntil(done); } catch { /* the work still runs */ }
}

export class IncidentLog {
  /** The incident that started the current outage, or null while the site answers. */
  outage: Incident | null = null;
  /** When the last outage ended (epoch ms): warming waits a while after one (sw/warm.ts). */
  endedAt = 0;
  /** How long the site's last answers took to arrive (ms), newest last. */
  private readonly _took: number[] = [];
  /** The time after which an answer counts as slow: the navigation timeout's half (set by worker.ts). */
  slowAfter = Infinity;
  /**
   * Navigations whose strategy waits for the whole page (strategy.ts) and reports success
   * itself once it has arrived: a gateway can answer 200 and then break every page mid-way,
   * and "recovered" told at the headers would send the open pages into reloads that fail.
   */
  readonly wholePages = new WeakSet<ExtendableEvent>();
  private readonly _pending = new Map<string, Incident>();
  /** Pages whose last load broke mid-way, by URL key → when: their next load is answered from the copy. */
  private readonly _broken = new Map<string, number>();
  /** Called when an outage starts (true) and ends (false); worker.ts switches navigation preload with it. */
  onOutage: (event: ExtendableEvent, outage: boolean) => void = () => undefined;

  /** Records `failure` of `request`, answered with `answer`; starts (or continues) the outage. */
  report(event: ExtendableEvent, request: Request, failure: FailureFacts, answer: Response | undefined): Incident {
    const incident = toIncident(failure, request, answer, Date.now(), self.navigator.onLine);
    if (!this.outage) this.onOutage(event, true);
    this.outage = incident;
    if (request.mode === 'navigate') {
      // resultingClientId names the page this navigation creates (Service Workers, FetchEvent);
      // the URL is kept too, for engines that leave the id empty.
      const id = (event as FetchEvent).resultingClientId;
      if (id) this._remember(id, incident);
      this._remember(urlKey(request.url), incident);
    } else {
      const id = (event as FetchEvent).clientId;
      if (id) keepAlive(event, self.clients.get(id).then((client) => client?.postMessage({ type: 'bad-gateway:incident', incident } satisfies WorkerToPage)));
    }
    return incident;
  }

  /**
   * The body of the page `request` created broke off mid-way (strategy.ts _arrived()). The
   * outage starts (or goes on), and the page is told — now, if it is already running, and
   * in answer to its query otherwise — whether a saved copy waits for it (`broken: 'copy'`,
   * then its next load, the page client's one reload, is answered from the copy) or not
   * (`'none'`: the visitor keeps what arrived, and the banner says the page is incomplete).
   */
  broke(event: FetchEvent, request: Request, copy: boolean): void {
    const incident: Incident = { ...toIncident({ kind: 'network' }, request, undefined, Date.now(), self.navigator.onLine), broken: copy ? 'copy' : 'none' };
    if (!this.outage) this.onOutage(event, true);
    this.outage = incident;
    if (copy) this._broken.set(urlKey(request.url), Date.now());
    const id = event.resultingClientId;
    if (id) this._remember(id, incident);
    this._remember(urlKey(request.url), incident);
    if (id) keepAlive(event, self.clients.get(id).then((client) => client?.postMessage({ type: 'bad-gateway:incident', incident } satisfies WorkerToPage)));
  }

  /** True, once, when the last load of `url` broke and its next load is to be answered from the copy. */
  takeBroken(url: string): boolean {
    const key = urlKey(url);
    const at = this._broken.get(key);
    this._broken.delete(key);
    return at !== undefined && Date.now() - at < PENDING_MS;
  }

  /**
   * `url` was answered whole: forget its stale incident. When that answer is `proof` the site
   * is back (a request sent during the outage, past the HTTP cache), the outage ends and,
   * once, every page is told.
   */
  succeeded(event: ExtendableEvent, url: string, proof = true): void {
    this._pending.delete(urlKey(url));
    if (!this.outage || !proof) return;
    this._end(event);
    const message: WorkerToPage = { type: 'bad-gateway:recovered', url, at: Date.now() };
    keepAlive(event, self.clients.matchAll({ type: 'window' }).then((all) => all.forEach((c) => c.postMessage(message))));
  }

  /** A page's health check reached the site: stop answering from copies without asking. */
  leave(event: ExtendableEvent): void {
    if (this.outage) this._end(event);
  }

  /** The site answered a request in `ms` (its headers, from the network or the HTTP cache). */
  took(ms: number): void {
    this._took.push(ms);
    if (this._took.length > 3) this._took.shift();
  }

  /** True when the site's last three answers were all slow: nothing extra is asked of it then. */
  get slow(): boolean {
    return this._took.length === 3 && this._took.every((ms) => ms > this.slowAfter);
  }

  private _end(event: ExtendableEvent): void {
    this.outage = null;
    this.endedAt = Date.now();
    this.onOutage(event, false);
  }

  /** The incident for the navigation that created `client`, if it failed. */
  find(client: { id: string; url: string }): Incident | null {
    this._prune();
    return this._pending.get(client.id) ?? this._pending.get(urlKey(client.url)) ?? null;
  }

  private _remember(key: string, incident: Incident): void {
    this._pending.delete(key);
    this._pending.set(key, incident);
    this._prune();
  }

  private _prune(): void {
    const oldest = Date.now() - PENDING_MS;
    for (const [key, incident] of this._pending) {
      if (incident.at < oldest || this._pending.size > PENDING_MAX) this._pending.delete(key);
    }
  }
}
