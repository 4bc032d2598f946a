// The page client's small state, kept in IndexedDB (idb-keyval) so that a reload does not
// reset the backoff and all tabs of a site see the same incident. Storage can fail at any
// time (no IndexedDB, private mode, quota, a connection the browser closed): every
// operation then quietly uses an in-memory Map for that store, for the rest of the page's
// life, because half-written state in two places would be worse than state that ends with the page.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { DB_NAME, STORE_NAME, type Incident } from '../core/protocol.js';

/** Storage keys of a scope's incident and of the incident that just ended in a reload. */
export const incidentKey = (scope: string): string => 'incident:' + scope;
export const endedKey = (scope: string): string => 'recovered:' + scope;

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
const noStore: UseStore = () => Promise.reject(new Error('no store'));

/**
 * The SDK's idb-keyval store, created on first use. Its connection closes when another one
 * asks to delete or upgrade the database (IndexedDB "versionchange"): idb-keyval keeps it
 * open otherwise, and uninstall()'s deleteDatabase would wait until every tab closed.
 */
export function sdkStore(): UseStore {
  try {
    if (!defaultStore) {
      const store = (defaultStore = createStore(DB_NAME, STORE_NAME));
      store('readonly', (s) => {
        const db = s.transaction.db;
        db.onversionchange = () => {
          db.close();
          if (defaultStore == store) defaultStore = undefined;
        };
      }).catch(() => undefined);
    }
    return defaultStore;
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
      memory.set(store, (map = new Map<string, unknown>()));
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
