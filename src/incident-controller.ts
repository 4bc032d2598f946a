// Drives one page through an incident: takes in the worker's reports and the page's failed
// calls, and decides in which order things happen; what happens is in the parts it
// coordinates: the incident's state (incident-state.ts), the checks and their schedule
// (check-schedule.ts), recovery (recovery.ts), the beacon (beacon.ts) and the banner
// (banner-view.ts). Every side effect comes through `Hooks`, so tests run it on a fake clock
// and a scripted health check. It is part of the incident part (incident.ts), which a page
// loads only when there is something to handle: incident-watch.ts starts it and hands it the
// worker's reports.
import { diagnose } from '../core/diagnosis.js';
import type { Incident } from '../core/protocol.js';
import { emit } from './events.js';
import { watchEditing } from './form-guard.js';
import { markPending } from './pending.js';
import { read, remove, write, type CheckRecord, type IncidentRecord } from './incident-store.js';
import type { Settings } from './options.js';
import { continued, IncidentState, pageUrl, warn, type Hooks } from './incident-state.js';
import { applyOutcome, check, checkOnce, plan, schedule } from './check-schedule.js';
import { ended, intoCopy, recover, reload, settle } from './recovery.js';
import { flush } from './beacon.js';
import { hide, render } from './banner-view.js';

export type { Clock, Hooks } from './incident-state.js';

export class IncidentController extends IncidentState {
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
  private readonly _cleanup: (() => void)[] = [watchEditing(document)];

  constructor(settings: Settings, hooks?: Hooks) {
    super(settings, hooks);
    if (self.BroadcastChannel) {
      this._channel = new BroadcastChannel('bad-gateway:' + settings.scope);
      this._channel.onmessage = (e: MessageEvent<CheckRecord>) => this._run(() => applyOutcome(this, e.data));
    }
    const on = (target: EventTarget | undefined, type: string, fn: (e: MessageEvent) => unknown) => {
      target?.addEventListener(type, fn as EventListener);
      this._cleanup.push(() => target?.removeEventListener(type, fn as EventListener));
    };
    // Coming back online is the most likely moment the site is reachable again.
    on(window, 'online', () => this.checkNow());
    on(window, 'offline', () => render(this));
    on(document, 'visibilitychange', () => schedule(this));
    on(document, 'bad-gateway-retry', () => this.checkNow());
    on(document, 'bad-gateway-dismiss', () => this._dismiss());
    on(document, 'bad-gateway-reload', () => reload(this));
    if (document.readyState == 'loading') on(document, 'DOMContentLoaded', () => render(this));
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
        await ended(this, true);
      }
      if (this.settings.beacon && navigator.onLine) await flush(this);
      if (!page) await settle(this);
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
      checkOnce(this, 'HEAD').then(({ ok, status, retryAfter, server, timedOut }) => {
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
    return this._run(() => (this._record?.relapses || this._record?.bodies ? check(this) : recover(this)));
  }

  /** Checks the site now (Retry now, back online, a due check). */
  checkNow(): Promise<void> {
    return this._run(() => check(this));
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

  /** Takes in a failure; `own` when it is this page's own navigation. */
  private async _begin(incident: Incident, own: boolean): Promise<void> {
    const now = this._clock.now();
    const before = this._record?.incident;
    if (own && incident.served != 'none') this._page = incident;
    this._recovered = false;
    if (!this._record) {
      const stored = await read<IncidentRecord>(this._key, this.hooks.store);
      // A page that fails again right after a recovery reloaded it shows that recovery's check
      // was fooled (a gateway that answers HEAD but breaks every page mid-way, say).
      const relapse = await ended(this, !!stored, now);
      this._record = continued(stored, relapse, incident, now);
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
    plan(this, record, incident, now);
    await write(this._key, record, this.hooks.store);
    if (own && intoCopy(this, incident)) return reload(this);
    // The worker reports every failed request (a page and each of its assets): one event per change, not per request.
    if (!before || before.kind != incident.kind || before.status != incident.status) {
      emit(window, 'bad-gateway:incident', { ...incident, diagnosis: diagnose({ ...incident, online: incident.online && navigator.onLine }) });
    }
    render(this);
    schedule(this);
  }

  private _dismiss(): Promise<void> {
    return this._run(async () => {
      this._dismissed = true;
      this._record = null;
      this._clock.clearTimeout(this._timer);
      await remove(this._key, this.hooks.store);
      await settle(this);
      hide(this);
      emit(window, 'bad-gateway:dismissed', { url: pageUrl() });
    });
  }
}
