// The page client's small state, kept in IndexedDB (idb-keyval) so that a reload does not
// reset the backoff and all tabs of a site see the same incident. Storage can fail at any
// time (no IndexedDB, private mode, quota, a connection the browser closed): every
// operation then quietly uses an in-memory Map for that store, for the rest of the page's
// life, because half-written state in two places would be worse than state that ends with the page.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { DB_NAME, STORE_NAME, type Incident } from './protocol.js';

/** Storage keys of a scope's incident, of the incident that just ended in a reload, and of the beacon queue. */
export const incidentKey = (scope: string): string => 'incident:' + scope;
export const endedKey = (scope: string): string => 'recovered:' + scope;
export const BEACON_KEY = 'beacons';

/**
 * A synchronous hint, in localStorage, that the store holds something a scope's next page must
 * take in: an incident, a recovery to confirm, summaries to send. The controller sets it when it
 * writes those and clears it once they are taken care of, so a healthy page view knows without
 * opening IndexedDB (and without the code to) that there is nothing to do. Set too much, it
 * costs one load of the incident part, which tidies and clears it; unreadable, it counts as set.
 */
const pendingKey = (scope: string) => 'bad-gateway:pending:' + scope;

export function isPending(scope: string): boolean {
  try {
    return localStorage.getItem(pendingKey(scope)) != null;
  } catch {
    return true;
  }
}

export function markPending(scope: string, pending: boolean): void {
  try {
    if (pending) localStorage.setItem(pendingKey(scope), '1');
    else localStorage.removeItem(pendingKey(scope));
  } catch { /* no web storage: isPending answers true */ }
}

/** The incident a site is in, shared by its tabs. Times are epoch ms. */
export interface IncidentRecord {
  id: string;
  incident: Incident;
  startedAt: number;
  /** Failed health checks so far. */
  attempt: number;
  /** When the next check is due; 0 = none planned. */
  nextRetryAt: number;
  /** Recoveries of this incident that did not hold (the reloaded page failed again at once). */
  relapses?: number;
  /** A page's body broke off during this incident: a HEAD check cannot see that, so checks read whole pages. */
  bodies?: boolean;
}

/** An incident as it ended in a reload, kept a short while in case the reloaded page fails again. */
export interface RecoveryRecord extends IncidentRecord {
  at: number;
}

/** The outcome of the latest health check, left for tabs that waited while another tab checked. */
export interface CheckRecord {
  id: string;
  at: number;
  ok: boolean;
  attempt: number;
  nextRetryAt: number;
}

/** One line for the site owner about an incident that ended (sent to options.beacon); kind and status are the latest failure seen. */
export interface IncidentSummary {
  id: string;
  start: number;
  end: number;
  attempts: number;
  kind: Incident['kind'];
  status: number | null;
  url: string;
}

let defaultStore: UseStore | undefined;
const memory = new WeakMap<UseStore, Map<string, unknown>>();
// Used when even creating the default store fails; only ever a key into `memory`.
const noStore: UseStore = () => Promise.reject();

/** The SDK's idb-keyval store, created on first use. */
export function sdkStore(): UseStore {
  try {
    return (defaultStore ??= createStore(DB_NAME, STORE_NAME));
  } catch {
    return noStore;
  }
}

/** Runs `op` on `store`; from its first failure on, that store lives in memory instead. */
async function use<T>(store: UseStore, op: () => Promise<T>, fallback: (map: Map<string, unknown>) => T): Promise<T> {
  let map = memory.get(store);
  if (!map) {
    try {
      return await op();
    } catch {
      memory.set(store, (map = new Map()));
    }
  }
  return fallback(map);
}

/** The value under `key`, or undefined. */
export function read<T>(key: string, store = sdkStore()): Promise<T | undefined> {
  return use(store, () => get<T>(key, store), (map) => map.get(key) as T | undefined);
}

/** Stores `value` under `key`. */
export function write(key: string, value: unknown, store = sdkStore()): Promise<unknown> {
  return use(store, () => set(key, value, store), (map) => map.set(key, value));
}

/** Forgets `key`. */
export function remove(key: string, store = sdkStore()): Promise<unknown> {
  return use(store, () => del(key, store), (map) => map.delete(key));
}

/** Closes our connection and deletes the SDK's database and the pending hints (uninstall). Resolves even when other tabs keep it open. */
export async function destroyStore(): Promise<void> {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(pendingKey(''))) localStorage.removeItem(key);
  } catch { /* no web storage */ }
  const store = defaultStore;
  defaultStore = undefined;
  // An open connection blocks deleteDatabase (IndexedDB §"delete a database"), and
  // idb-keyval keeps its connection open: close it first.
  await store?.('readonly', (s) => s.transaction.db.close()).catch(() => undefined);
  await new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(DB_NAME);
      // 'blocked': another tab or the worker still has it open; it goes once they close.
      request.onsuccess = request.onerror = request.onblocked = resolve;
    } catch {
      resolve(0);
    }
  });
}
