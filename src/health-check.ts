// Is the site answering again? One cheap request, and one at a time per browser.
import { PROBE_HEADER } from '../core/protocol.js';

/** What one health check found. */
export interface Probe {
  ok: boolean;
  /** Status of the answer; absent when the network failed or the check timed out. */
  status?: number;
  retryAfter?: string;
  server?: string;
  timedOut?: boolean;
}

/**
 * Asks `url` past every cache: the worker does not intercept requests carrying PROBE_HEADER
 * (nor any non-GET), and `cache: 'no-store'` skips the HTTP cache, so the answer is the
 * network's. Healthy when something answered with a status not in `failing`; a 404 or 405
 * still proves the site is up. HEAD is the cheap question; GET also reads the whole body,
 * for a site whose gateway answers fine and then breaks the page mid-way (HEAD cannot see
 * that): a body that breaks off counts as a network failure.
 */
export async function probe(url: string, failing: readonly number[], timeout: number, method: 'HEAD' | 'GET' = 'HEAD'): Promise<Probe> {
  const abort = new AbortController();
  let timer = setTimeout(() => abort.abort(), timeout);
  try {
    const response = await fetch(url, {
      method,
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { [PROBE_HEADER]: '1' },
      signal: abort.signal,
    });
    const header = (name: string) => response.headers.get(name) ?? undefined;
    const ok = !failing.includes(response.status);
    if (!ok) void response.body?.cancel().catch(() => undefined);
    else if (method == 'GET') {
      // The timeout was for an answer; a whole page on a slow connection gets longer, and is
      // read chunk by chunk without being kept.
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), 4 * timeout);
      const reader = response.body?.getReader();
      while (reader && !(await reader.read()).done);
    }
    return { ok, status: response.status, retryAfter: header('retry-after'), server: header('server') };
  } catch {
    return { ok: false, timedOut: abort.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `check` in only one tab at a time: with Web Locks, a tab that finds another tab
 * checking waits for it to finish and then takes its outcome from `heard()` (which the
 * checking tab left in shared storage), and checks by itself only if nothing was left.
 * Without Web Locks every tab checks on its own.
 */
export async function oneAtATime<T>(name: string, check: () => Promise<T>, heard: () => Promise<T | undefined>): Promise<T> {
  const locks = navigator.locks as LockManager | undefined;
  if (!locks) return check();
  return locks.request(name, { ifAvailable: true }, async (lock) =>
    lock ? check() : locks.request(name, async () => (await heard()) ?? check()));
}
