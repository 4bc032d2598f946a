// Drives one page through an incident: shows and updates the banner, plans health checks
// (retry-schedule), shares them with the site's other tabs, and brings the fresh page back
// on recovery. Every side effect it has comes through `Hooks`, so tests run it on a fake
// clock and a scripted health check; install.ts wires it to the real worker.
import type { UseStore } from 'idb-keyval';
import { flushSummaries, queueSummary } from './beacon.js';
import { diagnose } from './diagnosis.js';
import { emit } from './events.js';
import { hasUnsavedInput, watchEditing } from './form-guard.js';
import { oneAtATime, probe, type Probe } from './health-check.js';
import { read, remove, write, type CheckRecord, type IncidentRecord } from './incident-store.js';
import type { Settings } from './options.js';
import type { Incident, PageToWorker } from './protocol.js';
import type { BadGatewayBanner as Banner } from '../components/bad-gateway-banner/bad-gateway-banner.component.js';
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
  /** One health check (default: HEAD to settings.healthCheck or the page's URL). */
  check?: () => Promise<Probe>;
  reload?: () => void;
  tellWorker?: (message: PageToWorker) => void;
  /** Beacon delivery (default: sendBeacon). */
  deliver?: (url: string, body: string) => boolean;
}

const BANNER = 'bad-gateway-banner';
const DAY = 86400000;


const pageUrl = () => location.href.replace(/#.*/, '');

export class IncidentController {
  private readonly clock: Clock;
  private readonly hooks: Hooks;
  private readonly store: UseStore | undefined;
  private record: IncidentRecord | null = null;
  /** What this page's own navigation got from the worker. */
  private page: Incident | null = null;
  private timer = 0;
  private checking = false;
  private recovered = false;
  private lastCheck: Pick<CheckRecord, 'id' | 'at'> = { id: '', at: 0 };
  private banner: Banner | null = null;
  private inserted = false;
  private stopped = false;
  private dismissed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly channel: BroadcastChannel | null;
  private readonly cleanup: (() => void)[] = [];
  private readonly incidentKey: string;
  private readonly checkKey: string;
  private readonly lockName: string;

  constructor(private readonly settings: Settings, hooks: Hooks = {}) {
    this.hooks = hooks;
    this.store = hooks.store;
    this.clock = hooks.clock ?? { now: Date.now, setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h) };
    this.incidentKey = 'incident:' + settings.scope;
    this.checkKey = 'check:' + settings.scope;
    this.lockName = 'bad-gateway-check:' + settings.scope;
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('bad-gateway:' + settings.scope) : null;
    if (this.channel) this.channel.onmessage = (e: MessageEvent<CheckRecord>) => this.run(() => this.apply(e.data));
    const on = (target: EventTarget, type: string, fn: () => void) => {
      target.addEventListener(type, fn);
      this.cleanup.push(() => target.removeEventListener(type, fn));
    };
    // Coming back online is the most likely moment the site is reachable again.
    on(window, 'online', () => this.checkNow());
    on(window, 'offline', () => this.render());
    on(document, 'visibilitychange', () => this.schedule());
    on(document, 'bad-gateway-retry', () => this.checkNow());
    on(document, 'bad-gateway-dismiss', () => this.dismiss());
    on(document, 'bad-gateway-reload', () => this.reload());
    if (document.readyState === 'loading') on(document, 'DOMContentLoaded', () => this.render());
    this.cleanup.push(watchEditing(document));
  }

  /**
   * Starts with what the worker said about this page's navigation: an incident when it
   * was served a saved copy or a fallback, null when it came fresh from the network — in
   * which case the site works and an incident left by an earlier page is over.
   */
  start(page: Incident | null): Promise<void> {
    return this.run(async () => {
      if (page) {
        if (page.served !== 'none') this.page = page;
        await this.begin(page);
      } else if (!this.record && (await read(this.incidentKey, this.store))) {
        await remove(this.incidentKey, this.store);
      }
      if (this.settings.beacon && navigator.onLine) await flushSummaries(this.settings.beacon, this.store, this.hooks.deliver);
    });
  }

  /** A failure the worker reported (or the page saw) while this page is open. */
  report(incident: Incident): Promise<void> {
    return this.run(async () => {
      // The visitor closed the banner: the rest of this page's failures do not bring it back.
      if (this.dismissed) return;
      if (incident.destination === 'document' && incident.served !== 'none' && incident.url.replace(/#.*/, '') === pageUrl()) this.page = incident;
      await this.begin(incident);
    });
  }

  /** The worker saw the site answer again. */
  siteRecovered(): Promise<void> {
    return this.run(() => this.recover());
  }

  /** Checks the site now (Retry now, back online, a due check). */
  checkNow(): Promise<void> {
    return this.run(() => this.check());
  }

  /** Stops timers and listeners, and takes away a banner the controller inserted. */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.channel?.close();
    for (const fn of this.cleanup) fn();
    if (this.inserted) this.banner?.remove();
  }

  // One operation at a time, in order; none can surface as an uncaught error on the page.
  private run(op: () => Promise<void> | void): Promise<void> {
    const next = this.queue.then(() => (this.stopped ? undefined : op())).catch((error: unknown) => {
      console.warn('bad-gateway:', error);
    });
    this.queue = next;
    return next;
  }

  private async begin(incident: Incident): Promise<void> {
    const now = this.clock.now();
    const before = this.record?.incident;
    this.recovered = false;
    if (!this.record) {
      // Another tab (or this page before a reload) may already be counting attempts for
      // this incident; one left over from long ago is not the same incident.
      const stored = await read<IncidentRecord>(this.incidentKey, this.store);
      this.record = stored && now - stored.incident.at < DAY ? stored : { id: now.toString(36) + Math.random().toString(36).slice(2, 8), incident, startedAt: now, attempt: 0, nextRetryAt: 0 };
    }
    this.record.incident = incident;
    if (!this.record.nextRetryAt) {
      this.record.nextRetryAt = now + nextDelay(this.record.attempt, this.settings.retry, this.hooks.random ?? Math.random, parseRetryAfter(incident.retryAfter, now));
    }
    await write(this.incidentKey, this.record, this.store);
    // The worker reports every failed request (a page and each of its assets): one event per change, not per request.
    if (!before || before.kind !== incident.kind || before.status !== incident.status) emit(window, 'bad-gateway:incident', { ...incident, diagnosis: diagnose({ ...incident, online: incident.online && navigator.onLine }) });
    this.render();
    this.schedule();
  }

  /** Sets the timer for the next check; none while the tab is hidden (it checks when shown, if due). */
  private schedule(): void {
    this.clock.clearTimeout(this.timer);
    if (!this.record || this.recovered || this.stopped || document.visibilityState === 'hidden') return;
    const wait = this.record.nextRetryAt - this.clock.now();
    if (wait <= 0) void this.checkNow();
    else this.timer = this.clock.setTimeout(() => void this.checkNow(), wait);
  }

  private async check(): Promise<void> {
    if (!this.record || this.recovered) return;
    const started = this.clock.now();
    this.checking = true;
    this.render();
    try {
      const result = await oneAtATime(this.lockName, () => this.probe(), async () => {
        const last = await read<CheckRecord>(this.checkKey, this.store);
        return last && last.at >= started ? last : undefined;
      });
      await this.apply(result);
    } finally {
      this.checking = false;
      this.render();
    }
  }

  /** Runs one health check and leaves its outcome for the other tabs (storage for those waiting on the lock, a broadcast for the rest). */
  private async probe(): Promise<CheckRecord> {
    const record = this.record!;
    const result = await (this.hooks.check ?? (() => probe(this.settings.healthCheck ?? pageUrl(), this.settings.worker.fallbackStatuses, this.settings.worker.timeout)))();
    const now = this.clock.now();
    const id = Math.random().toString(36).slice(2);
    let outcome: CheckRecord;
    if (result.ok) {
      outcome = { id, at: now, ok: true, attempt: record.attempt, nextRetryAt: 0 };
      await this.summarise(record, now, record.attempt + 1);
    } else {
      const attempt = record.attempt + 1;
      outcome = { id, at: now, ok: false, attempt, nextRetryAt: now + nextDelay(attempt, this.settings.retry, this.hooks.random ?? Math.random, parseRetryAfter(result.retryAfter, now)) };
      record.attempt = attempt;
      record.nextRetryAt = outcome.nextRetryAt;
      // What the check met is the freshest account of the failure.
      record.incident = {
        ...record.incident,
        kind: result.status ? 'status' : result.timedOut ? 'timeout' : 'network',
        status: result.status,
        retryAfter: result.retryAfter,
        server: result.server,
        online: navigator.onLine,
        at: now,
      };
      await write(this.incidentKey, record, this.store);
    }
    await write(this.checkKey, outcome, this.store);
    this.channel?.postMessage(outcome);
    return outcome;
  }

  /** Takes in a check's outcome, this tab's or another's. */
  private async apply(outcome: CheckRecord): Promise<void> {
    // The same outcome can come twice (storage and broadcast); an old one can come late.
    if (!this.record || outcome.id === this.lastCheck.id || outcome.at < this.lastCheck.at) return;
    this.lastCheck = outcome;
    if (outcome.ok) return this.recover();
    this.record.attempt = outcome.attempt;
    this.record.nextRetryAt = outcome.nextRetryAt;
    emit(window, 'bad-gateway:retry', { attempt: outcome.attempt, nextRetryAt: outcome.nextRetryAt });
    this.render();
    this.schedule();
  }

  private async recover(): Promise<void> {
    const record = this.record;
    if (!record) return;
    this.record = null;
    this.clock.clearTimeout(this.timer);
    (this.hooks.tellWorker ?? ((m) => navigator.serviceWorker?.controller?.postMessage(m)))({ type: 'bad-gateway:recovered' });
    await remove(this.incidentKey, this.store);
    // Also queued here for recoveries this tab learnt from the worker; queueSummary keeps one per incident.
    await this.summarise(record, this.clock.now(), record.attempt);
    if (this.settings.beacon) await flushSummaries(this.settings.beacon, this.store, this.hooks.deliver);
    // A page that came fresh from the network is already current: only the banner goes.
    const stale = this.page !== null;
    const reloading = stale && !hasUnsavedInput(document);
    emit(window, 'bad-gateway:recovered', { url: pageUrl(), at: this.clock.now(), reloading });
    if (!stale) this.hide();
    else if (reloading) this.reload();
    else {
      // Reloading now would throw away what the visitor typed: the banner offers it instead.
      this.recovered = true;
      this.render();
    }
  }

  private async summarise(record: IncidentRecord, end: number, attempts: number): Promise<void> {
    const { kind, status = null, url } = record.incident;
    if (this.settings.beacon) await queueSummary({ id: record.id, start: record.startedAt, end, attempts, kind, status, url }, this.store);
  }

  private async dismiss(): Promise<void> {
    await this.run(async () => {
      this.dismissed = true;
      this.record = null;
      this.clock.clearTimeout(this.timer);
      await remove(this.incidentKey, this.store);
      this.hide();
      emit(window, 'bad-gateway:dismissed', { url: pageUrl() });
    });
  }

  private reload(): void {
    (this.hooks.reload ?? (() => location.reload()))();
  }

  private hide(): void {
    if (this.inserted) {
      this.banner?.remove();
      this.banner = null;
      this.inserted = false;
    } else if (this.banner) this.banner.hidden = true;
  }

  /** Puts the state on the banner: the site's own if it placed one, else one appended to the body. */
  private render(): void {
    const record = this.record;
    if (!record && !this.recovered) return;
    if (!this.banner?.isConnected) {
      this.banner = document.querySelector(BANNER);
      this.inserted = false;
      if (!this.banner && this.settings.banner && document.body) {
        this.banner = document.createElement(BANNER);
        this.banner.position = this.settings.position;
        document.body.append(this.banner);
        this.inserted = true;
      }
    }
    const banner = this.banner;
    if (!banner) return;
    banner.hidden = false;
    const incident = record?.incident ?? this.page;
    const s = this.settings;
    banner.checking = this.checking;
    banner.recovered = this.recovered;
    banner.nextRetryAt = record && !this.recovered ? record.nextRetryAt : 0;
    banner.served = this.page?.served ?? 'none';
    banner.savedAt = this.page?.savedAt ?? 0;
    banner.url = pageUrl();
    if (incident) {
      banner.kind = navigator.onLine ? incident.kind : 'offline';
      banner.status = incident.status ?? 0;
      banner.server = incident.server ?? '';
      banner.retryAfter = incident.retryAfter ?? '';
    }
    // Only what the site configured: a banner placed by hand (or by the fallback page) keeps its own attributes otherwise.
    if (s.worker.statusPage) banner.statusPage = s.worker.statusPage;
    if (s.contact) banner.contact = s.contact;
    if (s.strings) banner.strings = s.strings;
    if (s.lang !== 'auto') banner.lang = s.lang;
    if (s.downCheckers !== null || this.inserted) banner.downCheckers = s.downCheckers ?? true;
    if (s.archive !== null) banner.archive = s.archive;
  }
}
