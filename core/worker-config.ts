// The configuration the page hands the worker. It travels in the worker script's URL
// (?config=...), so the worker knows it synchronously at start-up and at `install` (to
// fetch critical pages) without waiting for a message, and a changed configuration is a
// changed script URL, which the browser treats as an update.
import type { RouteSpec } from './policy.js';

/** Gateway and CDN statuses that mean "the site is unreachable", not "the page is wrong". */
export const DEFAULT_FALLBACK_STATUSES: readonly number[] = [502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527, 530];

export interface WorkerConfig {
  /** Absolute same-origin URLs to fetch and keep from the first visit on. */
  criticalPages: string[];
  /** Absolute same-origin URL of the site's own fallback page, or null for the built-in one. */
  fallbackPage: string | null;
  /** Milliseconds a navigation may wait for the network before a saved copy is served. */
  timeout: number;
  /** Statuses that count as the site failing. */
  fallbackStatuses: number[];
  /** Seconds a saved copy stays servable. */
  maxAge: number;
  /** Most saved responses kept; least recently used go first. */
  maxEntries: number;
  /** Most bytes of saved responses kept; least recently used go first. */
  maxBytes: number;
  /** Responses larger than this are never saved. */
  maxEntryBytes: number;
  /** Language of the built-in fallback page ('en', 'zh-CN'), or null to follow the browser. */
  lang: string | null;
  /** Status page linked from the built-in fallback page. */
  statusPage: string | null;
  /**
   * The script tag's script, loaded by the built-in fallback page when it is saved. Kept at
   * install with the banner file next to it (bannerFile), which the script loads to show the banner.
   */
  bannerScript: string | null;
  /** Same-origin API routes whose GET data requests are network first with saved copies (see core/policy.ts routeMatcher). */
  apiRoutes: RouteSpec[];
  /** Absolute same-origin URL of the app shell: kept at install, served to in-scope navigations with no copy during an outage. */
  appShell: string | null;
  /** Save answers sent with `Cache-Control: no-store` too (pages and API answers). */
  saveNoStore: boolean;
  /** Keep copies of the pages a healthy page links to, in idle time (core/warm-policy.ts). */
  warm: boolean;
  /** Most pages warmed per page view. */
  warmLimit: number;
  /** Same-origin paths (or RegExps) never saved, served from a copy, or warmed. */
  ignore: RouteSpec[];
  /** Absolute same-origin URL of the site's build-time file list, whose files are kept (core/warm-policy.ts listedFiles). */
  precache: string | null;
}

/** Name of the script tag's banner file: next to dist/bad-gateway.min.js, and wherever a site or CDN serves that. */
export const BANNER_FILE = 'bad-gateway-banner.min.js';

/** The global the banner file (src/incident.ts as a classic script) leaves the incident controller in, for the script that loaded it. */
export const INCIDENT_GLOBAL = 'BadGatewayIncident';

/** The banner file that goes with the script tag's script at `script` (an absolute URL). */
export const bannerFile = (script: string): string => new URL(BANNER_FILE, script).href;

export const WORKER_DEFAULTS: Readonly<WorkerConfig> = Object.freeze({
  criticalPages: [],
  fallbackPage: null,
  timeout: 4000,
  fallbackStatuses: [...DEFAULT_FALLBACK_STATUSES],
  maxAge: 7 * 24 * 3600,
  maxEntries: 200,
  maxBytes: 50 * 1024 * 1024,
  maxEntryBytes: 5 * 1024 * 1024,
  lang: null,
  statusPage: null,
  bannerScript: null,
  apiRoutes: [],
  appShell: null,
  saveNoStore: false,
  warm: false,
  warmLimit: 16,
  ignore: [],
  precache: null,
});

export const CONFIG_PARAM = 'config';

/** The worker script URL carrying `config` (only the fields that differ from the defaults). */
export function workerScriptUrl(script: string, config: WorkerConfig, base: string): string {
  const url = new URL(script, base);
  const changed: Partial<WorkerConfig> = {};
  for (const key of Object.keys(WORKER_DEFAULTS) as (keyof WorkerConfig)[]) {
    if (JSON.stringify(config[key]) !== JSON.stringify(WORKER_DEFAULTS[key])) {
      (changed as Record<string, unknown>)[key] = config[key];
    }
  }
  if (Object.keys(changed).length > 0) url.searchParams.set(CONFIG_PARAM, JSON.stringify(changed));
  return url.href;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStatus = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 500 && (v as number) <= 599;
/** A path ('/api/'), or a RegExp as { source, flags } (one that does not compile matches nothing: routeMatcher). */
export const isRouteSpec = (v: unknown): v is RouteSpec => (typeof v == 'string' ? /^\/(?!\/)/.test(v) : typeof (v as RegExp)?.source == 'string');
const isUrlString = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\//i.test(v);

/**
 * The configuration in the worker's own script URL. Never throws: the page already
 * validated it, and a worker that cannot start would leave visitors with no protection,
 * so a field that is somehow malformed falls back to its default.
 */
export function readWorkerConfig(scriptUrl: string): WorkerConfig {
  let raw: Record<string, unknown> = {};
  try {
    const param = new URL(scriptUrl).searchParams.get(CONFIG_PARAM);
    const parsed: unknown = param ? JSON.parse(param) : {};
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch { /* defaults below */ }
  const d = WORKER_DEFAULTS;
  const pick = <K extends keyof WorkerConfig>(key: K, ok: (v: unknown) => boolean): WorkerConfig[K] =>
    (ok(raw[key]) ? raw[key] : d[key]) as WorkerConfig[K];
  return {
    criticalPages: pick('criticalPages', (v) => Array.isArray(v) && v.every(isUrlString)),
    fallbackPage: pick('fallbackPage', isUrlString),
    timeout: pick('timeout', (v) => isCount(v) && v > 0),
    fallbackStatuses: pick('fallbackStatuses', (v) => Array.isArray(v) && v.every(isStatus)),
    maxAge: pick('maxAge', isCount),
    maxEntries: pick('maxEntries', (v) => Number.isInteger(v) && (v as number) > 0),
    maxBytes: pick('maxBytes', (v) => isCount(v) && v > 0),
    maxEntryBytes: pick('maxEntryBytes', (v) => isCount(v) && v > 0),
    lang: pick('lang', (v) => typeof v === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v)),
    statusPage: pick('statusPage', isUrlString),
    bannerScript: pick('bannerScript', isUrlString),
    apiRoutes: pick('apiRoutes', (v) => Array.isArray(v) && v.every(isRouteSpec)),
    appShell: pick('appShell', isUrlString),
    saveNoStore: pick('saveNoStore', (v) => v === !!v),
    warm: pick('warm', (v) => v === !!v),
    warmLimit: pick('warmLimit', (v) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 100),
    ignore: pick('ignore', (v) => Array.isArray(v) && v.every(isRouteSpec)),
    precache: pick('precache', isUrlString),
  };
}
