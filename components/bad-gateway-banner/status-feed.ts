// The live status a status page publishes in the common Statuspage format
// (<page>/api/v2/summary.json: https://metastatuspage.com/api). Optional garnish on the
// banner: anything that goes wrong (CORS, timeout, HTTP error, bad JSON) yields null and
// the banner just shows the plain link.

export type StatusIndicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface StatusSummary {
  indicator: StatusIndicator;
  description: string;
  /** The most recent unresolved incident, if any. */
  incident: { name: string; url: string | null } | null;
}

const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'];
const OPEN = /^(investigating|identified|monitoring|in_progress|verifying)$/;

/** `value` as an absolute http(s) URL (resolved against `base`), else null: links from the network must not run script. */
export function httpUrl(value: unknown, base?: string): string | null {
  try {
    const url = new URL(value as string, base);
    if (typeof value == 'string' && value.trim() && /^https?:$/.test(url.protocol)) return url.href;
  } catch { /* not a URL */ }
  return null;
}

/** Where a status page publishes its summary: `<page>/api/v2/summary.json`. */
export function summaryUrl(statusPage: string): string | null {
  const page = httpUrl(statusPage);
  return page && new URL('api/v2/summary.json', page.replace(/[?#].*/, '').replace(/\/*$/, '/')).href;
}

const text = (value: unknown, max: number): string | null =>
  typeof value == 'string' && value.trim() ? value.trim().slice(0, max) : null;

/** Validates a parsed summary.json; null unless it has a known indicator and a description. */
export function parseSummary(json: unknown): StatusSummary | null {
  const { status, incidents } = (json ?? {}) as { status?: { indicator?: StatusIndicator; description?: unknown }; incidents?: unknown };
  const description = text(status?.description, 120);
  if (!INDICATORS.includes(status?.indicator as string) || !description) return null;
  type Item = { name?: unknown; status?: unknown; shortlink?: unknown } | null;
  const open = Array.isArray(incidents)
    ? (incidents as Item[]).find((item) => text(item?.name, 160) && (typeof item!.status != 'string' || OPEN.test(item!.status)))
    : null;
  return { indicator: status!.indicator!, description, incident: open ? { name: text(open.name, 160)!, url: httpUrl(open.shortlink) } : null };
}

export interface FetchStatusOptions {
  /** Give up after this many ms (default 4000): the banner must not wait on a slow status page. */
  timeout?: number;
  /** Aborts the request, e.g. when the banner leaves the page. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Fetches and validates a status page's summary; resolves null on any failure, never rejects. */
export async function fetchStatus(statusPage: string, { timeout = 4000, signal, fetch: get = fetch }: FetchStatusOptions = {}): Promise<StatusSummary | null> {
  const url = summaryUrl(statusPage);
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = setTimeout(abort, timeout);
  try {
    const response = url && await get(url, {
      signal: controller.signal,
      mode: 'cors',
      credentials: 'omit',
      // The status page does not need to know which page of the site the visitor was on.
      referrerPolicy: 'no-referrer',
      headers: { accept: 'application/json' },
    });
    return response && response.ok ? parseSummary(await response.json()) : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
