// Events the SDK dispatches on `window`, for the host app (analytics, its own UI).
import type { Diagnosis } from '../core/diagnosis.js';
import type { Incident } from '../core/protocol.js';

/** detail of 'bad-gateway:incident': the failure as the worker or the health check saw it, and what it means. */
export interface IncidentDetail extends Incident {
  diagnosis: Diagnosis;
}

/** detail of 'bad-gateway:retry': a health check failed; `attempt` checks have failed, the next is at `nextRetryAt` (epoch ms). */
export interface RetryDetail {
  attempt: number;
  nextRetryAt: number;
}

/**
 * detail of 'bad-gateway:recovered': the site answers again; `reloading` when the fresh page
 * is being loaded now. Not reloading (recovery 'event', typed input, or a page that came
 * fresh): refetch what the app shows now.
 */
export interface RecoveredDetail {
  url: string;
  at: number;
  reloading: boolean;
}

export interface BadGatewayEventMap {
  /** A failure was reported: at start-up for a page served from a copy or fallback, or later. */
  'bad-gateway:incident': CustomEvent<IncidentDetail>;
  /** A health check failed and the next one is planned. */
  'bad-gateway:retry': CustomEvent<RetryDetail>;
  /** The site answers again. */
  'bad-gateway:recovered': CustomEvent<RecoveredDetail>;
  /** The visitor closed the banner; no more checks for this incident. */
  'bad-gateway:dismissed': CustomEvent<{ url: string }>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the events join the DOM's own map
  interface WindowEventMap extends BadGatewayEventMap {}
}

/** Dispatches `type` on `target` (window); a listener that throws cannot break the SDK (dispatchEvent reports it, it does not rethrow). */
export function emit<K extends keyof BadGatewayEventMap>(target: EventTarget, type: K, detail: BadGatewayEventMap[K]['detail']): void {
  target.dispatchEvent(new CustomEvent(type, { detail }));
}
