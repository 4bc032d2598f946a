// How a page gets the incident part (incident.ts: the controller and <bad-gateway-banner>)
// once there is something to handle. A dynamic import(), so an app's bundler puts it in
// chunks of their own that a healthy page view does not run. The script-tag build replaces
// this module with load-incident-script.ts (see rollup.config.mjs): an IIFE cannot split.
import type { Settings } from './options.js';

export type IncidentPart = typeof import('./incident.js');

/** The incident part, <bad-gateway-banner> defined; rejects when its code cannot be fetched (offline, never saved). */
export const loadIncident = (): Promise<IncidentPart> => import('./incident.js');

/** When the page is idle (WebKit has no requestIdleCallback: a second's wait stands in). */
const idle = () => new Promise((resolve) => (self.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 1000)))(resolve));

/**
 * Has the worker keep a fresh copy of the incident part's chunks for outages. Their names are
 * the app bundler's, which the worker cannot know to fetch at install (as it does the script
 * tag's banner file), so a healthy page the worker controls loads them once in idle time, and
 * again when that copy is half way to maxAge (older copies are never served). Every other
 * healthy page view fetches none of it. Resolves true when it loaded them. The hooks are for tests.
 */
export async function keepBanner(settings: Settings, hooks: { load?: () => Promise<unknown>; now?: number; worker?: string } = {}): Promise<boolean> {
  const { load = loadIncident, now = Date.now(), worker = navigator.serviceWorker?.controller?.scriptURL } = hooks;
  // In localStorage, like the pending hint (incident-store.ts): a healthy page view opens no IndexedDB.
  const key = 'bad-gateway:kept:' + settings.scope;
  let kept: { at: number; worker: string } | undefined;
  try {
    kept = (JSON.parse(localStorage.getItem(key) ?? 'null') as typeof kept) ?? undefined;
  } catch { /* unreadable: load it */ }
  // A new worker (an update, another configuration) may have started with empty caches.
  const fresh = kept && kept.worker == worker && now - kept.at < settings.worker.maxAge * 500;
  if (!worker || !settings.worker.maxAge || fresh) return false;
  await idle();
  await load();
  try {
    localStorage.setItem(key, JSON.stringify({ at: now, worker }));
  } catch { /* no web storage: the next healthy page loads it again */ }
  return true;
}
