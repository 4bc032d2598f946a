// Shared by the controller tests: a clock the test moves by hand, and settings for a scope of its own.
import { createStore, type UseStore } from 'idb-keyval';
import type { Clock } from '../../src/incident-controller.js';
import { resolveOptions, type Options, type Settings } from '../../src/options.js';
import type { Incident } from '../../core/protocol.js';

export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void;
  /** When the earliest pending timer fires, or null. */
  nextAt(): number | null;
  pending(): number;
}

export function fakeClock(start = 1_750_000_000_000): FakeClock {
  let now = start;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) { timers.set(++id, { at: now + ms, fn }); return id; },
    clearTimeout(handle) { timers.delete(handle); },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    nextAt() {
      const ats = [...timers.values()].map((t) => t.at);
      return ats.length ? Math.min(...ats) : null;
    },
    pending: () => timers.size,
  };
}

export function testSettings(options: Options = {}): Settings {
  const scope = `/ctl-${Math.random().toString(36).slice(2)}/`;
  // jitter 'none' keeps delays exact: 1000, 2000, 4000, ...
  return resolveOptions({ scope, retry: { initialDelay: 1000, minDelay: 500, maxDelay: 8000, jitter: 'none' }, ...options }, location.href);
}

export function testStore(): { store: UseStore; drop(): Promise<void> } {
  const name = 'bg-ctl-' + Math.random().toString(36).slice(2);
  const store = createStore(name, 'state');
  return {
    store,
    async drop() {
      forgetPending();
      await store('readonly', (s) => s.transaction.db.close()).catch(() => undefined);
      await new Promise((r) => { const q = indexedDB.deleteDatabase(name); q.onsuccess = q.onerror = q.onblocked = r; });
    },
  };
}

/** Removes the page client's hints from localStorage (incident-store.ts isPending, load-incident.ts keepBanner). */
export function forgetPending(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('bad-gateway:')) localStorage.removeItem(key);
}

export function incident(over: Partial<Incident> = {}): Incident {
  return { kind: 'status', status: 502, url: location.href, destination: 'document', served: 'copy', savedAt: Date.now() - 3600_000, server: 'nginx', online: true, at: Date.now(), ...over };
}

/** Pretends the tab is hidden or shown (document.visibilityState is read-only in real use). */
export function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

export function restoreVisibility(): void {
  delete (document as { visibilityState?: unknown }).visibilityState;
}
