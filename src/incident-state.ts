// What one page knows about the incident, held in one object: the controller's parts (checks
// and schedule, recovery, the banner view) are plain functions of it, so each can have a module
// of its own, and the build still gives every field a short name (they are all _camelCase).
import type { UseStore } from 'idb-keyval';
import { systemClock } from '../core/clock.js';
import type { Incident, PageToWorker } from '../core/protocol.js';
import type { BannerElement } from './banner-seam.js';
import type { Probe } from './health-check.js';
import { endedKey, incidentKey, type CheckRecord, type IncidentRecord, type RecoveryRecord } from './incident-store.js';
import type { Settings } from './options.js';

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

const DAY = 86400000;
export const pageUrl = (): string => location.href.replace(/#.*/, '');
export const randomId = (): string => Math.random().toString(36).slice(2);
export const warn = (error: unknown): void => console.warn('bad-gateway:', error);

export abstract class IncidentState {
  readonly _clock: Clock;
  /** When this page's controller started: check outcomes from before are not this page's. */
  readonly _since: number;
  /** Storage key of the incident, shared by the tabs of the scope; 'check:'… holds the latest check. */
  readonly _key: string;
  /** Storage key of the incident that just ended in a reload. */
  readonly _endedKey: string;
  _record?: IncidentRecord | null;
  /** What this page's own navigation got from the worker. */
  _page?: Incident;
  /** This page's data calls (fetch, XHR) failed while open: 'copy' when some were answered from saved copies. */
  _data?: 'copy' | 'failed';
  /** When this page last recovered (epoch ms). */
  _back = 0;
  _recovered?: boolean;
  _dismissed?: boolean;
  _stopped?: boolean;
  /** When a call with no answer last led to a health check (see IncidentController.call). */
  _asked = -1e5;
  _timer = 0;
  _checking?: boolean;
  /** The latest check outcome taken in. */
  _last: Pick<CheckRecord, 'id' | 'at'> = { id: '', at: 0 };
  _channel?: BroadcastChannel;
  _banner?: BannerElement | null;
  /** The banner's code on its way (see banner-view.ts). */
  _defining?: Promise<unknown>;
  _warned?: boolean;
  _inserted?: boolean;

  constructor(readonly settings: Settings, readonly hooks: Hooks = {}) {
    this._clock = hooks.clock ?? (systemClock as unknown as Clock);
    this._since = this._clock.now();
    this._key = incidentKey(settings.scope);
    this._endedKey = endedKey(settings.scope);
  }

  /** Checks the site now (Retry now, back online, a due check). */
  abstract checkNow(): Promise<void>;
}

/**
 * The record a failure goes on with: the one another tab (or this page before a reload) is
 * counting attempts in, unless it is from long ago; else the incident whose recovery did not
 * hold (`relapse`: the same incident goes on with its backoff, so the page never reloads in a
 * tight loop, and from now on its checks read a whole page); else a new one.
 */
export const continued = (stored: IncidentRecord | undefined, relapse: RecoveryRecord | null, incident: Incident, now: number): IncidentRecord =>
  stored && now - stored.incident.at < DAY ? stored
    : relapse
      ? { id: relapse.id, incident, startedAt: relapse.startedAt, attempt: relapse.attempt, nextRetryAt: 0, relapses: (relapse.relapses ?? 0) + 1 }
      : { id: now.toString(36) + randomId().slice(0, 6), incident, startedAt: now, attempt: 0, nextRetryAt: 0 };
