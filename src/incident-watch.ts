// What every page view runs of the page client, besides registering: it takes the worker's
// reports from the first moment, and loads the incident part (the controller and the banner,
// incident.ts) only when there is something to handle — this page is a copy or a fallback,
// an earlier page left an incident, a recovery or beacon summaries in storage (isPending), or
// a failure is reported while the page is open. A healthy page view runs nothing more than
// this, and does not open IndexedDB.
import type { UseStore } from 'idb-keyval';
import { isPending } from './pending.js';
import { loadIncident, type IncidentPart } from './load-incident.js';
import type { Settings } from './options.js';
import { isWorkerMessage, PROBE_HEADER, type Incident, type WorkerToPage } from '../core/protocol.js';
import { watchCalls } from './watch-calls.js';
import { workers } from './workers.js';

type Controller = InstanceType<IncidentPart['IncidentController']>;
/** What the controller is to hear: the worker's reports, and this page's own failed calls (watch-calls.ts). */
type Input = WorkerToPage | { type: 'call'; url: string; status: number; at: number };

/** A failed load of the incident part is tried again this long after (doubling), and at the next report or 'online'. */
const RETRY_LOAD = 5000;
const RETRY_LOAD_MAX = 120000;

export class IncidentWatch {
  private _controller?: Controller;
  private _loading?: Promise<void>;
  /** Reports that came before the controller: it takes them in order once it runs. */
  private readonly _inbox: Input[] = [];
  /** How the controller is to start: set by start() when there is something to handle at load. */
  private _page?: Incident | null;
  private _tidy = false;
  private _started = false;
  private _stopped = false;
  private _retry = 0;
  private _retryTimer = 0;
  /** When an unanswered call last led to a quick look at the site (see _call). */
  private _looked = -1e5;
  private readonly _cleanup: (() => void)[] = [];

  /** `load` and `store` (the SDK's database by default) are for tests. */
  constructor(readonly settings: Settings, private readonly _load: () => Promise<IncidentPart> = loadIncident, private readonly _store?: UseStore) {
    const on = (target: EventTarget | undefined, type: string, fn: (e: MessageEvent) => unknown) => {
      target?.addEventListener(type, fn as EventListener);
      this._cleanup.push(() => target?.removeEventListener(type, fn as EventListener));
    };
    on(workers(), 'message', ({ data }: MessageEvent) => isWorkerMessage(data) && this._take(data));
    // Back online, a part that failed to load may load now (the controller then checks the
    // site); so it may when asked to retry (a site's own button, with banner: false), which
    // the controller then does at once.
    on(window, 'online', () => this._wanted() && this._bring());
    on(document, 'bad-gateway-retry', () => this._wanted() && this._bring().then(() => this._controller?.checkNow()));
    // Messages wait until the document has been parsed unless asked for (Service Workers,
    // "client message queue"); a page whose body broke off must hear that it did at once.
    workers()?.startMessages();
    this._cleanup.push(watchCalls(settings.worker.fallbackStatuses, (url, status, at) => this._call(url, status, at)));
  }

  /**
   * Starts with what the worker said about this page's navigation (null: it came fresh from
   * the network). Resolves once the controller, if this page needs one now, has started.
   */
  async start(page: Incident | null): Promise<void> {
    // An earlier page may have left an incident, a recovery to confirm or summaries to send.
    const busy = !!page || isPending(this.settings.scope);
    if (this._stopped) return;
    this._started = true;
    if (busy) {
      this._page = page;
      this._tidy = true;
    }
    if (this._wanted()) await this._bring();
  }

  stop(): void {
    this._stopped = true;
    clearTimeout(this._retryTimer);
    for (const fn of this._cleanup) fn();
    this._controller?.stop();
  }

  private _wanted(): boolean {
    return this._started && !this._controller && (this._tidy || this._inbox.some((m) => m.type != 'bad-gateway:recovered'));
  }

  /**
   * A call of this page failed. One that got no answer may be one the app aborted itself
   * (Resource Timing shows both as status 0): with no incident under way, a quick look at the
   * site (at most every 10 s) decides whether that is worth the incident part, whose
   * controller then checks properly (its call()). A healthy app that cancels its calls
   * loads nothing more.
   */
  private _call(url: string, status: number, at: number): void {
    const take = () => this._take({ type: 'call', url, status, at });
    if (status || this._controller) return take();
    if (Date.now() - this._looked < 1e4) return;
    this._looked = Date.now();
    const { healthCheck, worker: { fallbackStatuses, timeout } } = this.settings;
    void fetch(healthCheck ?? location.href, { method: 'HEAD', cache: 'no-store', headers: { [PROBE_HEADER]: '1' }, signal: AbortSignal.timeout(timeout) })
      .then((answer) => fallbackStatuses.includes(answer.status), () => true)
      .then((failing) => failing && take());
  }

  private _take(message: Input): void {
    if (this._controller) return deliver(this._controller, message);
    this._inbox.push(message);
    if (this._wanted()) void this._bring();
  }

  /** Loads the incident part once and starts the controller with what arrived meanwhile; a failed load is tried again later. */
  private _bring(): Promise<void> {
    return (this._loading ??= this._load().then(({ IncidentController }) => {
      if (this._stopped) return;
      const controller = (this._controller = new IncidentController(this.settings, { store: this._store }));
      // A page with something to tidy at load starts as start() says; one that came fresh
      // and met a failure later only opens the controller's queue (see resume()).
      const started = this._tidy ? controller.start(this._page ?? null) : (controller.resume(), undefined);
      for (const message of this._inbox.splice(0)) deliver(controller, message);
      return started;
    }, (error: unknown) => {
      this._loading = undefined;
      if (!this._retry) console.warn('bad-gateway: the banner could not be loaded; trying again later.', error);
      clearTimeout(this._retryTimer);
      this._retryTimer = setTimeout(() => void (this._wanted() && this._bring()), Math.min(RETRY_LOAD * 2 ** this._retry++, RETRY_LOAD_MAX)) as unknown as number;
    }));
  }
}

function deliver(controller: Controller, message: Input): void {
  if (message.type == 'call') controller.call(message.url, message.status, message.at);
  else void (message.type == 'bad-gateway:incident' ? controller.report(message.incident) : controller.siteRecovered());
}
