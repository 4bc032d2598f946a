// Drives one page through an incident: shows and updates the banner, plans health checks
// (retry-schedule), shares them with the site's other tabs, and brings the fresh page back
// on recovery. Every side effect it has comes through `Hooks`, so tests run it on a fake
// clock and a scripted health check. It is part of the incident part (incident.ts), which a
// page loads only when there is something to handle: incident-watch.ts starts it and hands
// it the worker's reports.
import type { UseStore } from 'idb-keyval';
import type { BadGatewayBanner as Banner } from '../components/bad-gateway-banner/bad-gateway-banner.component.js';
import { flushSummaries, queueSummary, unsent } from './beacon.js';
import { systemClock } from '../core/clock.js';
import { diagnose } from '../core/diagnosis.js';
import { emit } from './events.js';
import { hasUnsavedInput, watchEditing } from './form-guard.js';
import { oneAtATime, probe, type Probe } from './health-check.js';
import { markPending } from './pending.js';
import { endedKey, incidentKey, read, remove, write, type CheckRecord, type IncidentRecord, type IncidentSummary, type RecoveryRecord } from './incident-store.js';
import type { Settings } from './options.js';
import type { Incident, PageToWorker } from '../core/protocol.js';
import { workers } from './workers.js';
import { nextDelay, parseRetryAfter } from './retry-schedule.js';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(handle: number): void;
}

/** Everything the controller does to the world; each has a real default. */
export interface Hooks {
  clock?: Clock;
  random?: () => number;
  /** idb-keyval store for the incident (default: the SDK's database). */
  store?: UseStore;
  /** One health check (default: `method` to settings.healthCheck or the page's URL). */
  check?: (method: 'HEAD' | 'GET') => Promise<Probe>;
  reload?: () => void;
  tellWorker?: (message: PageToWorker) => void;
  /** Beacon delivery (default: sendBeacon). */
  deliver?: (url: string, body: string) => boolean;
  /** Defines <bad-gateway-banner> (default: imports it; incident.ts, the controller's own file, has it already). */
  loadBanner?: () => Promise<unknown>;
}

const defineBanner = () => import('../components/bad-gateway-banner/bad-gateway-banner.js');

const BANNER = 'bad-gateway-banner';
const DAY = 86400000;
/** A page that fails again this soon after the reload a recovery made continues that incident. */
const RELAPSE_WINDOW = 60000;
/** How long the banner says "the site is back" with recovery 'event' before it goes, ms. */
const BACK_SHOWN = 4000;
/** Session storage key: [url, when] of the last reload into a copy after a broken load (see _intoCopy). */
const RELOADED = 'bad-gateway:reloaded';
const pageUrl = () => location.href.replace(/#.*/, '');
/** The beacon's account of an incident that ended at `end`. */
const summaryOf = ({ id, startedAt, incident: { kind, status, url } }: IncidentRecord, end: number, attempts: number): IncidentSummary =>
  ({ id, start: startedAt, end, attempts, kind, status: status ?? null, url });
const randomId = () => Math.random().toString(36).slice(2);
const warn = (error: unknown) => console.warn('bad-gateway:', error);

export class IncidentController {
  private readonly _clock: Clock;
  /** When this page's controller started: check outcomes from before are not this page's. */
  private readonly _since: number;
  private _record?: IncidentRecord | null;
  /** What this page's own navigation got from the worker. */
  private _page?: Incident;
  /** This page's data calls (fetch, XHR) failed while open: 'copy' when some were answered from saved copies. */
  private _data?: 'copy' | 'failed';
  /** When this page last recovered (epoch ms). */
  private _back = 0;
  /** When a call with no answer last led to a health check (see call()). */
  private _asked = -1e5;
  private _timer = 0;
  private _checking?: boolean;
  private _recovered?: boolean;
  /** The latest check outcome taken in. */
  private _last: Pick<CheckRecord, 'id' | 'at'> = { id: '', at: 0 };
  private _banner?: Banner | null;
  /** The banner's code on its way (see _define). */
  private _defining?: Promise<unknown>;
  private _warned?: boolean;
  private _inserted?: boolean;
  private _stopped?: boolean;
  private _dismissed?: boolean;
  /** Opens the queue once start() has taken in what the worker said about this page. */
  private _open!: () => void;
  /**
   * Operations wait here until start() ran. What the page does on recovery depends on how it
   * was served (reloaded when it is a copy, left alone when it came fresh), and only the
   * worker's answer to the page's query says which; that answer can arrive after the reports
   * of the page's assets have shown the banner and the visitor has pressed Retry now. Taken
   * in the other order, a copy counted as fresh: its banner went away and it was never
   * reloaded (seen in WebKit under load, test/src/recovery.test.ts).
   */
  private _queue: Promise<unknown> = new Promise<void>((resolve) => { this._open = resolve; });
  private _channel?: BroadcastChannel;
  private readonly _cleanup: (() => void)[] = [watchEditing(document)];
  /** Storage key of the incident, shared by the tabs of the scope; 'check:'… holds the latest check. */
  private readonly _key: string;
  /** Storage key of the incident that just ended in a reload. */
  private readonly _endedKey: string;

  constructor(readonly settings: Settings, readonly hooks: Hooks = {}) {
    const scope = settings.scope;
    this._clock = hooks.clock ?? (systemClock as unknown as Clock);
    this._since = this._clock.now();
    this._key = incidentKey(scope);
    this._endedKey = endedKey(scope);
    if (self.BroadcastChannel) {
      this._channel = new BroadcastChannel('bad-gateway:' + scope);
      this._channel.onmessage = (e: MessageEvent<CheckRecord>) => this._run(() => this._apply(e.data));
    }
    const on = (target: EventTarget | undefined, type: string, fn: (e: any) => unknown) => {
      target?.addEventListener(type, fn);
      this._cleanup.push(() => target?.removeEventListener(type, fn));
    };
    // Coming back online is the most likely moment the site is reachable again.
    on(window, 'online', () => this.checkNow());
    on(window, 'offline', () => this._render());
    on(document, 'visibilitychange', () => this._schedule());
    on(document, 'bad-gateway-retry', () => this.checkNow());
    on(document, 'bad-gateway-dismiss', () => this._dismiss());
    on(document, 'bad-gateway-reload', () => this._reload());
    if (document.readyState == 'loading') on(document, 'DOMContentLoaded', () => this._render());
  }

  /**
   * Starts with what the worker said about this page's navigation: an incident when it
   * was served a saved copy or a fallback, null when it came fresh from the network — in
   * which case the site works and an incident left by an earlier page is over.
   */
  start(page: Incident | null): Promise<void> {
    // Runs ahead of everything queued before it (see _queue), then lets those run.
    const first = (async () => {
      if (this._stopped) return;
      if (page) await this._begin(page, true);
      else {
        await remove(this._key, this.hooks.store);
        // This page came fresh: a recovery that reloaded held.
        await this._ended(true);
      }
      if (this.settings.beacon && navigator.onLine) await this._flush();
      if (!page) await this._settle();
    })().catch(warn);
    void first.then(this._open);
    return first;
  }

  /**
   * Starts on a page that came fresh from the network once it is open already (a failure
   * reported later): the tidying start(null) does was done at load or found nothing to do,
   * and now it would throw away an incident another tab has just begun.
   */
  resume(): void {
    this._open();
  }

  /** A failure the worker reported (or the page saw) while this page is open. */
  report(incident: Incident): Promise<void> {
    return this._run(() => {
      // The visitor closed the banner: the rest of this page's failures do not bring it back.
      // A failure from before the last recovery (its report came late: Resource Timing
      // entries lag their calls) is not a new incident; checked in turn, as a recovery may be queued ahead.
      if (this._dismissed || incident.at < this._back) return;
      // A data call has no destination. Its page shows what it got, so it is brought up to date on recovery like a copy.
      if (!incident.destination) this._data = incident.served == 'copy' ? 'copy' : this._data ?? 'failed';
      return this._begin(incident, incident.destination == 'document' && incident.url.replace(/#.*/, '') == pageUrl());
    });
  }

  /**
   * A call of this page failed (watch-calls.ts): with a fallback status it is a failure like
   * any other; with none (status 0) it may be one the app aborted itself, so one health check
   * decides (at most every 10 s). The health checks themselves are not the app's calls.
   */
  call(url: string, status: number, at: number): void {
    const page = pageUrl();
    if ([this.settings.healthCheck ?? page, page].includes(url.replace(/#.*/, ''))) return;
    const failed = (more: Partial<Incident>) => this.report({ kind: 'status', url, destination: '', served: 'none', online: navigator.onLine, at, ...more });
    const now = this._clock.now();
    if (status) void failed({ status });
    else if (now - this._asked > 1e4) {
      this._asked = now;
      this._checkOnce('HEAD').then(({ ok, status, retryAfter, server, timedOut }) => {
        if (!ok) void failed({ kind: status ? 'status' : timedOut ? 'timeout' : 'network', status, retryAfter, server });
      }, warn);
    }
  }

  /**
   * The worker saw the site answer again. Taken at its word, except after a recovery that
   * did not hold, or while pages break off mid-body: a gateway that answers and then breaks
   * pages can pass for healthy (and an engine may take a cut-off body for a whole one), so a
   * check that reads a whole page decides instead.
   */
  siteRecovered(): Promise<void> {
    return this._run(() => (this._record?.relapses || this._record?.bodies ? this._check() : this._recover()));
  }

  /** Checks the site now (Retry now, back online, a due check). */
  checkNow(): Promise<void> {
    return this._run(() => this._check());
  }

  /** Stops timers and listeners, and takes away a banner the controller inserted. */
  stop(): void {
    this._stopped = true;
    this._clock.clearTimeout(this._timer);
    this._channel?.close();
    for (const fn of this._cleanup) fn();
    if (this._inserted) this._banner?.remove();
  }

  // One operation at a time, in order; none can surface as an uncaught error on the page.
  private _run(op: () => unknown): Promise<void> {
    return (this._queue = this._queue.then(() => this._stopped || op()).catch(warn)) as Promise<void>;
  }

  /** Milliseconds until the check after `attempt` failed ones, honouring the site's Retry-After. */
  private _delay(attempt: number, retryAfter: string | undefined, now: number): number {
    return nextDelay(attempt, this.settings.retry, this.hooks.random ?? Math.random, parseRetryAfter(retryAfter, now));
  }

  /** Takes in a failure; `own` when it is this page's own navigation. */
  private async _begin(incident: Incident, own: boolean): Promise<void> {
    const now = this._clock.now();
    const before = this._record?.incident;
    if (own && incident.served != 'none') this._page = incident;
    this._recovered = false;
    if (!this._record) {
      // Another tab (or this page before a reload) may already be counting attempts for
      // this incident; one left over from long ago is not the same incident.
      const stored = await read<IncidentRecord>(this._key, this.hooks.store);
      // Or a check passed and the page reloaded, only to fail again at once: the check was
      // fooled (a gateway that answers HEAD but breaks every page mid-way, say). The same
      // incident goes on with its backoff, so the page never reloads in a tight loop, and
      // from now on its checks read a whole page (GET) instead of trusting HEAD.
      const relapse = await this._ended(!!stored, now);
      this._record = stored && now - stored.incident.at < DAY ? stored
        : relapse
          ? { id: relapse.id, incident, startedAt: relapse.startedAt, attempt: relapse.attempt, nextRetryAt: 0, relapses: (relapse.relapses ?? 0) + 1 }
          : { id: now.toString(36) + randomId().slice(0, 6), incident, startedAt: now, attempt: 0, nextRetryAt: 0 };
    }
    const record = this._record;
    record.incident = incident;
    markPending(this.settings.scope, true);
    // Half of this page arrived (its body broke off): like a copy, it is reloaded on recovery,
    // and since the site answers HEAD while it breaks pages, checks read whole pages.
    if (own && incident.broken) {
      this._page = incident;
      record.bodies = true;
    }
    record.nextRetryAt ||= now + this._delay(record.attempt, incident.retryAfter, now);
    // A Retry-After that arrives while the incident is under way (the origin came back
    // answering 503 for maintenance, say) moves the next check out to it: the site asked not
    // to be asked before then, whatever the backoff had planned.
    const asked = parseRetryAfter(incident.retryAfter, now);
    if (asked !== null) record.nextRetryAt = Math.max(record.nextRetryAt, now + Math.min(asked, this.settings.retry.maxRetryAfter));
    await write(this._key, record, this.hooks.store);
    if (own && this._intoCopy(incident)) return this._reload();
    // The worker reports every failed request (a page and each of its assets): one event per change, not per request.
    if (!before || before.kind != incident.kind || before.status != incident.status) {
      emit(window, 'bad-gateway:incident', { ...incident, diagnosis: diagnose({ ...incident, online: incident.online && navigator.onLine }) });
    }
    this._render();
    this._schedule();
  }

  /**
   * True when this page broke off while loading and is to be reloaded into its saved copy
   * (the worker answers that one load from it): once per page and tab, never with typed
   * input, and never twice in a row — a page that breaks again right after such a reload (a
   * worker restarted in between forgets the copy was promised) keeps what arrived instead.
   */
  private _intoCopy(incident: Incident): boolean {
    let last: [string, number] | undefined;
    try {
      last = JSON.parse(sessionStorage.getItem(RELOADED) ?? 'null') ?? undefined;
      sessionStorage.removeItem(RELOADED);
      if (incident.broken != 'copy' || hasUnsavedInput(document) || (last?.[0] == incident.url && this._clock.now() - last[1] < RELAPSE_WINDOW)) return false;
      sessionStorage.setItem(RELOADED, JSON.stringify([incident.url, this._clock.now()]));
      return true;
    } catch {
      return false; // no session storage: no way to know it is not a loop
    }
  }

  /**
   * Takes in the incident that last ended in a reload, if any. It continues (returned) when
   * this page failed again soon after that reload; otherwise, or when `held`, that recovery
   * held and its summary goes to the beacon queue. Either way it is taken only once.
   */
  private async _ended(held: boolean, now = this._clock.now()): Promise<RecoveryRecord | null> {
    const { hooks, settings } = this;
    const ended = await read<RecoveryRecord>(this._endedKey, hooks.store);
    if (!ended) return null;
    await remove(this._endedKey, hooks.store);
    if (!held && now - ended.at < RELAPSE_WINDOW) return ended;
    if (settings.beacon) await queueSummary(summaryOf(ended, ended.at, ended.attempt), hooks.store);
    return null;
  }

  /** Sets the timer for the next check; none while the tab is hidden (it checks when shown, if due). */
  private _schedule(): void {
    this._clock.clearTimeout(this._timer);
    const record = this._record;
    if (!record || this._recovered || this._stopped || document.visibilityState == 'hidden') return;
    const wait = record.nextRetryAt - this._clock.now();
    if (wait > 0) this._timer = this._clock.setTimeout(() => this.checkNow(), wait);
    else this.checkNow();
  }

  private async _check(): Promise<void> {
    if (!this._record || this._recovered) return;
    const started = this._clock.now();
    const since = this._since;
    this._checking = true;
    this._render();
    try {
      const last = () => read<CheckRecord>('check:' + this.settings.scope, this.hooks.store);
      await this._apply(await oneAtATime('bad-gateway-check:' + this.settings.scope, async () => {
        // Tabs that met the outage at the same moment each planned a first check before they
        // shared a schedule: one that another tab made moments ago answers for this one too.
        // Only outcomes from while this page was open: one from before a reload is stale.
        const recent = await last();
        return recent && recent.id != this._last.id && recent.at > since && started - recent.at < this.settings.retry.minDelay ? recent : this._probe();
      }, async () => {
        const heard = await last();
        return heard && heard.at >= started ? heard : undefined;
      }));
    } finally {
      this._checking = false;
      this._render();
    }
  }

  /** One health check, as configured (or the test's). */
  private _checkOnce(method: 'HEAD' | 'GET'): Promise<Probe> {
    const { settings, hooks } = this;
    return (hooks.check ?? ((m) => probe(settings.healthCheck ?? pageUrl(), settings.worker.fallbackStatuses, settings.worker.timeout, m)))(method);
  }

  /** Runs one health check and leaves its outcome for the other tabs (storage for those waiting on the lock, a broadcast for the rest). */
  private async _probe(): Promise<CheckRecord> {
    const { settings, hooks, _record: record } = this;
    const method = record!.relapses || record!.bodies ? 'GET' : 'HEAD';
    const result = await this._checkOnce(method);
    const now = this._clock.now();
    const outcome: CheckRecord = { id: randomId(), at: now, ok: result.ok, attempt: record!.attempt, nextRetryAt: 0 };
    if (!result.ok) {
      outcome.attempt++;
      outcome.nextRetryAt = now + this._delay(outcome.attempt, result.retryAfter, now);
      // What the check met is the freshest account of the failure.
      const { status, retryAfter, server } = result;
      record!.incident = { ...record!.incident, kind: status ? 'status' : result.timedOut ? 'timeout' : 'network', status, retryAfter, server, online: navigator.onLine, at: now };
      await write(this._key, { ...record, attempt: outcome.attempt, nextRetryAt: outcome.nextRetryAt }, hooks.store);
    }
    await write('check:' + settings.scope, outcome, hooks.store);
    this._channel?.postMessage(outcome);
    return outcome;
  }

  /** Takes in a check's outcome, this tab's or another's. */
  private async _apply(outcome: CheckRecord): Promise<void> {
    const record = this._record;
    // The same outcome can come twice (storage and broadcast); an old one can come late.
    if (!record || outcome.id == this._last.id || outcome.at < this._last.at) return;
    this._last = outcome;
    // The successful check counts as an attempt too.
    if (outcome.ok) return this._recover(outcome.attempt + 1);
    record.attempt = outcome.attempt;
    record.nextRetryAt = outcome.nextRetryAt;
    emit(window, 'bad-gateway:retry', { attempt: outcome.attempt, nextRetryAt: outcome.nextRetryAt });
    this._render();
    this._schedule();
  }

  private async _recover(attempts = this._record?.attempt): Promise<void> {
    const record = this._record;
    if (!record) return;
    const { settings, hooks } = this;
    const now = this._clock.now();
    this._back = now;
    this._record = null;
    this._clock.clearTimeout(this._timer);
    (hooks.tellWorker ?? ((m) => workers()?.controller?.postMessage(m)))({ type: 'bad-gateway:recovered' });
    await remove(this._key, hooks.store);
    // A page that came fresh from the network, and whose calls did not fail, is already current: only the banner goes.
    const stale = !!(this._page || this._data);
    const live = settings.recovery == 'event';
    const reloading = stale && !live && !hasUnsavedInput(document);
    if (reloading) {
      // Whether the recovery holds shows on the reloaded page: it sends the summary then,
      // or continues this incident (see _ended).
      await write(this._endedKey, { ...record, attempt: attempts!, at: now } satisfies RecoveryRecord, hooks.store);
    } else if (settings.beacon) {
      // queueSummary keeps one per incident, however many tabs recover from it.
      await queueSummary(summaryOf(record, now, attempts!), hooks.store);
      await this._flush();
    }
    if (!reloading) await this._settle();
    emit(window, 'bad-gateway:recovered', { url: pageUrl(), at: now, reloading });
    if (!stale) this._hide();
    else if (reloading) this._reload();
    else if (live) {
      // recovery 'event': the app refetches (it heard bad-gateway:recovered); the banner says the site is back, then goes.
      this._page = this._data = undefined;
      this._recovered = true;
      this._render();
      this._clock.setTimeout(() => {
        if (this._record || !this._recovered) return; // failing again meanwhile
        this._recovered = false;
        this._hide();
      }, BACK_SHOWN);
    } else {
      // Reloading now would throw away what the visitor typed: the banner offers it instead.
      this._recovered = true;
      this._render();
    }
  }

  private _flush(): Promise<number> {
    return flushSummaries(this.settings.beacon!, this.hooks.store, this.hooks.deliver);
  }

  /** No incident is left, nor a recovery to confirm: unless summaries wait to be sent, the next page has nothing to take in (isPending). */
  private async _settle(): Promise<void> {
    const waiting = !!this.settings.beacon && (await unsent(this.hooks.store));
    if (!this._record && !waiting) markPending(this.settings.scope, false);
  }

  private _dismiss(): Promise<void> {
    return this._run(async () => {
      this._dismissed = true;
      this._record = null;
      this._clock.clearTimeout(this._timer);
      await remove(this._key, this.hooks.store);
      await this._settle();
      this._hide();
      emit(window, 'bad-gateway:dismissed', { url: pageUrl() });
    });
  }

  private _reload(): void {
    (this.hooks.reload ?? (() => location.reload()))();
  }

  private _hide(): void {
    const banner = this._banner;
    if (banner) this._inserted ? banner.remove() : (banner.hidden = true);
    this._banner = null;
    this._inserted = false;
  }

  /**
   * Fetches the banner's code the first time there is something to show, then renders.
   * Without it (offline with no saved copy of the file) the page carries on bannerless:
   * events, checks and recovery do not depend on it.
   */
  private _define(): void {
    if (this._defining || (!this.settings.banner && !document.querySelector(BANNER))) return;
    this._defining = Promise.resolve().then(this.hooks.loadBanner ?? defineBanner).then(() => this._stopped || this._render(), (error: unknown) => {
      // Tried again at the next render (the next check, say), but said once.
      this._defining = undefined;
      if (!this._warned) console.warn('bad-gateway: the banner could not be loaded; checks and recovery go on without it.', error);
      this._warned = true;
    }).catch((error: unknown) => console.warn('bad-gateway:', error)); // the visitor's page never gets an uncaught error
  }

  /** Puts the state on the banner: the site's own if it placed one, else one appended to the body. */
  private _render(): void {
    const record = this._record;
    const s = this.settings;
    if (!record && !this._recovered) return;
    // Until it is defined a placed banner keeps its `hidden` (its own message unstyled would show otherwise).
    if (!customElements.get(BANNER)) return this._define();
    if (!this._banner?.isConnected) {
      this._banner = document.querySelector(BANNER);
      // A page that broke off in its head never gets a body: once parsed, the banner is all it shows.
      const parent = document.body ?? (document.readyState == 'loading' ? null : document.documentElement);
      this._inserted = !this._banner && s.banner && !!parent;
      if (this._inserted) {
        this._banner = document.createElement(BANNER);
        this._banner.position = s.position;
        parent!.append(this._banner);
      }
    }
    const banner = this._banner;
    if (!banner) return;
    const incident = record?.incident ?? this._page;
    Object.assign(banner, {
      hidden: false,
      checking: this._checking,
      recovered: this._recovered,
      updating: this._recovered && this.settings.recovery == 'event',
      nextRetryAt: record?.nextRetryAt ?? 0,
      served: this._page?.broken ? 'partial' : this._page?.served ?? (this._data == 'copy' ? 'data' : 'none'),
      savedAt: this._page?.savedAt ?? 0,
      url: pageUrl(),
    }, incident && {
      kind: navigator.onLine ? incident.kind : 'offline',
      status: incident.status ?? 0,
      server: incident.server ?? '',
      retryAfter: incident.retryAfter ?? '',
      gateway: incident.gateway ?? '',
      said: incident.said ?? '',
      waited: incident.waited ?? 0,
    });
    // Only what the site configured: a banner placed by hand (or by the fallback page) keeps its own attributes otherwise.
    const configured = {
      statusPage: s.worker.statusPage,
      contact: s.contact,
      strings: s.strings,
      lang: s.lang == 'auto' ? null : s.lang,
      downCheckers: s.downCheckers ?? (this._inserted || null),
      archive: s.archive,
    };
    for (const [key, value] of Object.entries(configured)) if (value != null) (banner as any)[key] = value;
  }
}
