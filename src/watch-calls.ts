// Sees this page's own calls (fetch, XHR) fail without touching them: Resource Timing
// entries, read as they come. A call the worker answers (apiRoutes) is reported by the
// worker itself; this covers the rest, which the worker must not intercept just to watch
// (a respondWith on every call costs every call). It runs on every healthy page view, so it
// only picks the failures out and hands them to the incident controller (its `call()`).
//
// What engines expose (test/src/watch-calls.test.ts): Chromium and Firefox give
// `responseStatus` (Resource Timing Level 3) for every method, so a 502 to a POST shows too;
// WebKit gives no `responseStatus`, so there only the worker's reports count. A call that got
// no answer at all reads status 0, as does one the app aborted itself.

/** The parts of a PerformanceResourceTiming entry looked at. */
export interface CallTiming { name: string; initiatorType: string; responseStatus?: number; responseEnd: number }

/**
 * The status a finished call to `origin` got, when it is one of `statuses` (the site is
 * failing) or 0 (no answer: a network error, or aborted); null for an answered call, one
 * that is not fetch or XHR, another origin's, or a status the engine does not tell.
 */
export function failedStatus(entry: CallTiming, origin: string, statuses: readonly number[]): number | null {
  const status = entry.responseStatus;
  return /^(fetch|xmlhttprequest)$/.test(entry.initiatorType) && entry.name.startsWith(origin + '/')
    && status !== undefined && (!status || statuses.includes(status)) ? status : null;
}

/**
 * Calls `report` with the URL, status and end (epoch ms: an entry can arrive well after its
 * call) of each failed call of this page; returns the function that stops watching.
 */
export function watchCalls(statuses: readonly number[], report: (url: string, status: number, at: number) => void): () => void {
  const observer = self.PerformanceObserver && new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as CallTiming[]) {
      const status = failedStatus(entry, location.origin, statuses);
      if (status !== null) report(entry.name, status, performance.timeOrigin + entry.responseEnd);
    }
  });
  try { observer?.observe({ type: 'resource' }); } catch { /* no Resource Timing: nothing to watch */ }
  return () => observer?.disconnect();
}
