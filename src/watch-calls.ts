// Sees this page's own data calls (fetch, XHR) fail without touching them: Resource Timing
// entries, read as they come. A call the worker answers (apiRoutes) is reported by the
// worker itself; this covers the rest, which the worker must not intercept just to watch
// (a respondWith on every call costs every call). Kept apart from the incident controller:
// it runs on every healthy page view, and costs nothing until an entry arrives.
//
// What engines expose (checked in test/src/watch-calls.test.ts): Chromium and Firefox give
// `responseStatus` (Resource Timing Level 3) for every method, so a 502 to a POST shows too;
// WebKit gives no `responseStatus`, so there only the worker's reports count. A call that got
// no answer at all reads status 0, as does one the app aborted itself: that is checked with
// one health check (at most every 10 s) rather than taken as an outage.
import { probe } from './health-check.js';
import type { Settings } from './options.js';
import type { Incident } from './protocol.js';

/** The parts of a PerformanceResourceTiming entry looked at. */
export interface CallTiming { name: string; initiatorType: string; responseStatus?: number; responseEnd: number }

/**
 * The status a finished call of this page's origin got: a fallback status (the site is
 * failing), 0 (no answer: a network error, or aborted), or null (answered fine, not a data
 * call, another origin, a status the engine does not tell, or one of `skip`: the health checks).
 */
export function failedStatus(entry: CallTiming, origin: string, statuses: readonly number[], skip: readonly string[]): number | null {
  const status = entry.responseStatus;
  return /^(fetch|xmlhttprequest)$/.test(entry.initiatorType) && entry.name.startsWith(origin + '/') && !skip.includes(entry.name.replace(/#.*/, ''))
    && status !== undefined && (status == 0 || statuses.includes(status)) ? status : null;
}

/** Watches this page's calls and reports each failure; returns the function that stops watching. */
export function watchCalls(settings: Settings, report: (incident: Incident) => void, check = probe): () => void {
  const { fallbackStatuses, timeout } = settings.worker;
  let asked = -1e5;
  const observer = self.PerformanceObserver && new PerformanceObserver((list) => {
    const page = location.href.replace(/#.*/, '');
    const health = settings.healthCheck ?? page;
    for (const entry of list.getEntries() as unknown as CallTiming[]) {
      const status = failedStatus(entry, location.origin, fallbackStatuses, [health, page]);
      // When the call ended: an entry can arrive well after it (Chromium adds it once the body is in).
      const at = performance.timeOrigin + entry.responseEnd;
      const incident = (kind: Incident['kind'], more?: object): Incident =>
        ({ kind, url: entry.name, destination: '', served: 'none', online: navigator.onLine, at, ...more });
      if (status) report(incident('status', { status }));
      else if (status === 0 && Date.now() - asked > 1e4) {
        asked = Date.now();
        check(health, fallbackStatuses, timeout).then(({ ok, status, retryAfter, server, timedOut }) =>
          ok || report(incident(status ? 'status' : timedOut ? 'timeout' : 'network', { status, retryAfter, server })), () => 0);
      }
    }
  });
  try { observer?.observe({ type: 'resource' }); } catch { /* no Resource Timing: nothing to watch */ }
  return () => observer?.disconnect();
}
