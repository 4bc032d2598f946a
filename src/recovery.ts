// The end of an incident on this page: the worker is told, the page is brought up to date
// (reloaded when it shows a copy, left alone when it came fresh, or told by event), and a
// recovery that ends in a reload is confirmed, or continued, by the page that reload brings.
import { emit } from './events.js';
import { hasUnsavedInput } from './form-guard.js';
import { markPending } from './pending.js';
import { read, remove, write, type RecoveryRecord } from './incident-store.js';
import type { Incident } from '../core/protocol.js';
import { pageUrl, type IncidentState } from './incident-state.js';
import { flush, queueSummary, summaryOf, unsent } from './beacon.js';
import { workers } from './workers.js';
import { hide, render } from './banner-view.js';

/** A page that fails again this soon after the reload a recovery made continues that incident. */
const RELAPSE_WINDOW = 60000;
/** How long the banner says "the site is back" with recovery 'event' before it goes, ms. */
const BACK_SHOWN = 4000;
/** Session storage key: [url, when] of the last reload into a copy after a broken load (see intoCopy). */
const RELOADED = 'bad-gateway:reloaded';

export function reload(s: IncidentState): void {
  (s.hooks.reload ?? (() => location.reload()))();
}

/**
 * True when this page broke off while loading and is to be reloaded into its saved copy
 * (the worker answers that one load from it): once per page and tab, never with typed
 * input, and never twice in a row — a page that breaks again right after such a reload (a
 * worker restarted in between forgets the copy was promised) keeps what arrived instead.
 */
export function intoCopy(s: IncidentState, incident: Incident): boolean {
  let last: [string, number] | undefined;
  try {
    last = (JSON.parse(sessionStorage.getItem(RELOADED) ?? 'null') as typeof last) ?? undefined;
    sessionStorage.removeItem(RELOADED);
    if (incident.broken != 'copy' || hasUnsavedInput(document) || (last?.[0] == incident.url && s._clock.now() - last[1] < RELAPSE_WINDOW)) return false;
    sessionStorage.setItem(RELOADED, JSON.stringify([incident.url, s._clock.now()]));
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
export async function ended(s: IncidentState, held: boolean, now = s._clock.now()): Promise<RecoveryRecord | null> {
  const { hooks, settings } = s;
  const last = await read<RecoveryRecord>(s._endedKey, hooks.store);
  if (!last) return null;
  await remove(s._endedKey, hooks.store);
  if (!held && now - last.at < RELAPSE_WINDOW) return last;
  if (settings.beacon) await queueSummary(summaryOf(last, last.at, last.attempt), hooks.store);
  return null;
}

/** No incident is left, nor a recovery to confirm: unless summaries wait to be sent, the next page has nothing to take in (isPending). */
export async function settle(s: IncidentState): Promise<void> {
  const waiting = !!s.settings.beacon && (await unsent(s.hooks.store));
  if (!s._record && !waiting) markPending(s.settings.scope, false);
}

export async function recover(s: IncidentState, attempts = s._record?.attempt): Promise<void> {
  const record = s._record;
  if (!record) return;
  const { settings, hooks } = s;
  const now = s._clock.now();
  s._back = now;
  s._record = null;
  s._clock.clearTimeout(s._timer);
  (hooks.tellWorker ?? ((m) => workers()?.controller?.postMessage(m)))({ type: 'bad-gateway:recovered' });
  await remove(s._key, hooks.store);
  // A page that came fresh from the network, and whose calls did not fail, is already current: only the banner goes.
  const stale = !!(s._page || s._data);
  const live = settings.recovery == 'event';
  const reloading = stale && !live && !hasUnsavedInput(document);
  if (reloading) {
    // Whether the recovery holds shows on the reloaded page: it sends the summary then,
    // or continues this incident (see ended).
    await write(s._endedKey, { ...record, attempt: attempts!, at: now } satisfies RecoveryRecord, hooks.store);
  } else if (settings.beacon) {
    // queueSummary keeps one per incident, however many tabs recover from it.
    await queueSummary(summaryOf(record, now, attempts!), hooks.store);
    await flush(s);
  }
  if (!reloading) await settle(s);
  emit(window, 'bad-gateway:recovered', { url: pageUrl(), at: now, reloading });
  if (!stale) hide(s);
  else if (reloading) reload(s);
  else if (live) {
    // recovery 'event': the app refetches (it heard bad-gateway:recovered); the banner says the site is back, then goes.
    s._page = s._data = undefined;
    s._recovered = true;
    render(s);
    s._clock.setTimeout(() => {
      if (s._record || !s._recovered) return; // failing again meanwhile
      s._recovered = false;
      hide(s);
    }, BACK_SHOWN);
  } else {
    // Reloading now would throw away what the visitor typed: the banner offers it instead.
    s._recovered = true;
    render(s);
  }
}
