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

const INDICATORS = new Set<string>(['none', 'minor', 'major', 'critical', 'maintenance']);
const OPEN = new Set(['investigating', 'identified', 'monitoring', 'in_progress', 'verifying']);

/** The URL as a string if it is http(s), else null: links from the network must not run script. */
export function httpUrl(value: unknown, base?: string): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Where a status page publishes its summary: `<page>/api/v2/summary.json`. */
export function summaryUrl(statusPage: string): string | null {
  const page = httpUrl(statusPage);
  if (!page) return null;
  const url = new URL(page);
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/*$/, '/') + 'api/v2/summary.json';
  return url.href;
}

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;

/** Validates a parsed summary.json; null unless it has a known indicator and a description. */
export function parseSummary(json: unknown): StatusSummary | null {
  if (typeof json !== 'object' || json === null) return null;
  const { status, incidents } = json as { status?: { indicator?: unknown; description?: unknown }; incidents?: unknown };
  const indicator = status?.indicator;
  const description = text(status?.description, 120);
  if (typeof indicator !== 'string' || !INDICATORS.has(indicator) || !description) return null;
  let incident: StatusSummary['incident'] = null;
  if (Array.isArray(incidents)) {
    for (const item of incidents as { name?: unknown; status?: unknown; shortlink?: unknown }[]) {
      const name = text(item?.name, 160);
      if (!name || (typeof item.status === 'string' && !OPEN.has(item.status))) continue;
      incident = { name, url: httpUrl(item.shortlink) };
      break;
    }
  }
  return { indicator: indicator as StatusIndicator, description, incident };
}

export interface FetchStatusOptions {
  /** Give up after this many ms (default 4000): the banner must not wait on a slow status page. */
  timeout?: number;
  /** Aborts the request, e.g. when the banner leaves the page. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Fetches and validates a status page's summary; resolves null on any failure, never rejects. */
export async function fetchStatus(statusPage: string, options: FetchStatusOptions = {}): Promise<StatusSummary | null> {
  const url = summaryUrl(statusPage);
  if (!url) return null;
  const { timeout = 4000, signal, fetch: doFetch = globalThis.fetch } = options;
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, timeout);
  signal?.addEventListener('abort', abort);
  try {
    const response = await doFetch(url, {
      signal: controller.signal,
      mode: 'cors',
      credentials: 'omit',
      // The status page does not need to know which page of the site the visitor was on.
      referrerPolicy: 'no-referrer',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return null;
    return parseSummary(await response.json());
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}
