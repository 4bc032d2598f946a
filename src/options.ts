// The options a site passes to install(), checked and filled in before anything is
// registered. Pure: the page URL comes in as an argument, errors go out as BadGatewayError.
import { BadGatewayError, badOption } from './errors.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-schedule.js';
import { WORKER_DEFAULTS, type WorkerConfig } from './worker-config.js';

/** What `install()` accepts. Every field is optional; see the README for defaults. */
export interface Options {
  /** URL of the worker script copied to the site (same origin). Default '/bad-gateway-sw.js'. */
  serviceWorker?: string;
  /** Part of the site the worker looks after. Default '/'. */
  scope?: string;
  /** Same-origin pages to keep a copy of from the first visit on. */
  criticalPages?: string[];
  /** The site's status page (http or https), linked from the banner. */
  statusPage?: string;
  /** How long a page may load before a saved copy is shown, ms (500–60000, default 4000). */
  timeout?: number;
  /** When to check the site again; see RetryPolicy. */
  retry?: Partial<RetryPolicy>;
  /** 'auto' (default: the page's, then the browser's language), 'en', 'zh-CN'; others fall back to English. */
  lang?: string;
  /** Statuses that count as the site failing (500–599). Default 502–504, 520–527, 530. */
  fallbackStatuses?: number[];
  /** The site's own same-origin page shown when no copy of a page is saved. */
  fallbackPage?: string;
  /** Longest a saved copy may be shown, seconds. Default one week. */
  maxAge?: number;
  /** Bounds of the saved copies. */
  cache?: { maxEntries?: number; maxBytes?: number; maxEntryBytes?: number };
  /** false: never insert a banner (place one by hand, or listen to the events). */
  banner?: boolean;
  /** Where an inserted banner goes. Default 'top'. */
  position?: 'top' | 'bottom';
  /** How to reach the site: an http(s) or mailto: URL, or an e-mail address. */
  contact?: string;
  /** Show "is it down for everyone?" checker links (default true). */
  downCheckers?: boolean;
  /** Offer an archived copy of the page (opt-in, for public sites). */
  archive?: boolean;
  /** Banner text overrides, by string name. */
  strings?: Record<string, string>;
  /** Same-origin URL the health check asks (HEAD). Default: the page's own URL. */
  healthCheck?: string;
  /** Endpoint that receives one summary per incident (sendBeacon, JSON). */
  beacon?: string;
}

/** Options after checking: absolute URLs, defaults filled in. */
export interface Settings {
  /** Worker script URL without its configuration. */
  script: string;
  scope: string;
  worker: WorkerConfig;
  retry: RetryPolicy;
  healthCheck: string | null;
  beacon: string | null;
  banner: boolean;
  position: 'top' | 'bottom';
  lang: string;
  contact: string | null;
  /** null: not configured (a banner placed by hand keeps its own setting). */
  downCheckers: boolean | null;
  archive: boolean | null;
  strings: Record<string, string> | null;
}

type Checker = (value: unknown, name: string) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const number = (min: number, max: number, what: string): Checker => (v, name) => {
  if (typeof v !== 'number' || !(v >= min && v <= max)) badOption(name, what, v);
};
const oneOf = (...allowed: string[]): Checker => (v, name) => {
  if (!allowed.includes(v as string)) badOption(name, allowed.map((a) => `'${a}'`).join(' or '), v);
};
const boolean: Checker = (v, name) => { if (typeof v !== 'boolean') badOption(name, 'true or false', v); };
const string: Checker = (v, name) => { if (typeof v !== 'string' || !v) badOption(name, 'a non-empty string', v); };

const ms = (min: number, max: number) => number(min, max, `a number of milliseconds from ${min} to ${max}`);

const OPTIONS: Record<keyof Options, Checker | null> = {
  // URL options are checked (and made absolute) in resolve(), which knows the page URL.
  serviceWorker: null, scope: null, criticalPages: null, statusPage: null, fallbackPage: null, healthCheck: null, beacon: null,
  timeout: ms(500, 60000),
  retry: null,
  lang: (v, name) => {
    if (typeof v !== 'string' || !/^(auto|[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*)$/.test(v)) badOption(name, "'auto' or a language tag such as 'en' or 'zh-CN'", v);
  },
  fallbackStatuses: (v, name) => {
    if (!Array.isArray(v) || !v.every((s) => Number.isInteger(s) && s >= 500 && s <= 599)) badOption(name, 'an array of status numbers from 500 to 599', v);
  },
  maxAge: number(0, 10 * 365 * 86400, 'a number of seconds (0 or more)'),
  cache: null,
  banner: boolean,
  position: oneOf('top', 'bottom'),
  contact: (v, name) => {
    if (typeof v !== 'string' || !/^(https?:\/\/|mailto:)\S+$|^[^\s@]+@[^\s@]+$/i.test(v)) badOption(name, 'an http(s) or mailto: URL, or an e-mail address', v);
  },
  downCheckers: boolean,
  archive: boolean,
  strings: (v, name) => {
    if (!isObject(v) || !Object.values(v).every((s) => typeof s === 'string')) badOption(name, 'an object of strings', v);
  },
};

const RETRY: Record<keyof RetryPolicy, Checker> = {
  initialDelay: ms(100, 3600000),
  factor: number(1, 10, 'a number from 1 to 10'),
  minDelay: ms(100, 3600000),
  maxDelay: ms(100, 86400000),
  jitter: oneOf('full', 'none'),
  maxRetryAfter: ms(0, 86400000),
};

const CACHE = {
  maxEntries: number(1, 100000, 'a whole number from 1 to 100000'),
  maxBytes: number(1024, 2 ** 40, 'a number of bytes (1024 or more)'),
  maxEntryBytes: number(1024, 2 ** 40, 'a number of bytes (1024 or more)'),
};

/** Levenshtein distance, small inputs only: for "did you mean" hints. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/** Rejects keys not in `known`, suggesting the closest one ("did you mean 'criticalPages'?"). */
function onlyKnown(object: Record<string, unknown>, known: string[], prefix: string): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => k.toLowerCase() === key.toLowerCase()) ?? known.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
    throw new BadGatewayError('bad-option',
      `bad-gateway: unknown option '${prefix}${key}'` + (near ? `; did you mean '${prefix}${near}'?` : `; known options: ${known.join(', ')}.`),
      { option: prefix + key, value: object[key] });
  }
}

function sameOrigin(value: unknown, name: string, page: URL): string {
  let url: URL | undefined;
  try { if (typeof value === 'string' && value) url = new URL(value, page); } catch { /* reported below */ }
  if (!url || url.origin !== page.origin) badOption(name, `a URL on this site (${page.origin})`, value);
  url.hash = '';
  return url.href;
}

function webUrl(value: unknown, name: string, page: URL): string {
  let url: URL | undefined;
  try { if (typeof value === 'string' && value) url = new URL(value, page); } catch { /* reported below */ }
  if (!url || !/^https?:$/.test(url.protocol)) badOption(name, 'an http or https URL', value);
  return url.href;
}

/** Checks `options` against page URL `pageUrl` and fills in defaults; throws BadGatewayError 'bad-option'. */
export function resolveOptions(options: Options | undefined, pageUrl: string): Settings {
  if (options === undefined) options = {};
  if (!isObject(options)) badOption('options', 'an object', options);
  const o = options as Record<string, unknown>;
  const page = new URL(pageUrl);
  onlyKnown(o, Object.keys(OPTIONS), '');
  for (const [key, check] of Object.entries(OPTIONS)) if (check && o[key] !== undefined) check(o[key], key);
  const nested = <T extends object>(key: string, checks: Record<string, Checker>, defaults: T): T => {
    const value = o[key] ?? {};
    if (!isObject(value)) badOption(key, 'an object', value);
    onlyKnown(value, Object.keys(checks), key + '.');
    for (const [k, check] of Object.entries(checks)) if (value[k] !== undefined) check(value[k], `${key}.${k}`);
    return { ...defaults, ...value };
  };
  const retry = nested('retry', RETRY, DEFAULT_RETRY);
  if (retry.minDelay > retry.maxDelay) badOption('retry.minDelay', `at most retry.maxDelay (${retry.maxDelay})`, retry.minDelay);
  const cache = nested('cache', CACHE, { maxEntries: WORKER_DEFAULTS.maxEntries, maxBytes: WORKER_DEFAULTS.maxBytes, maxEntryBytes: WORKER_DEFAULTS.maxEntryBytes });

  const script = sameOrigin(o.serviceWorker ?? '/bad-gateway-sw.js', 'serviceWorker', page);
  const scope = sameOrigin(o.scope ?? '/', 'scope', page);
  const critical = o.criticalPages ?? [];
  if (!Array.isArray(critical)) badOption('criticalPages', 'an array of URLs on this site', critical);
  const optional = (key: string, check: (v: unknown, name: string, page: URL) => string) => (o[key] === undefined ? null : check(o[key], key, page));
  const lang = (o.lang as string | undefined) ?? 'auto';
  const statusPage = optional('statusPage', webUrl);

  return {
    script,
    scope,
    worker: {
      criticalPages: critical.map((url, i) => sameOrigin(url, `criticalPages[${i}]`, page)),
      fallbackPage: optional('fallbackPage', sameOrigin),
      timeout: (o.timeout as number | undefined) ?? WORKER_DEFAULTS.timeout,
      fallbackStatuses: (o.fallbackStatuses as number[] | undefined) ?? [...WORKER_DEFAULTS.fallbackStatuses],
      maxAge: (o.maxAge as number | undefined) ?? WORKER_DEFAULTS.maxAge,
      ...cache,
      lang: lang === 'auto' ? null : pickLanguage(lang),
      statusPage,
      bannerScript: null,
    },
    retry,
    healthCheck: optional('healthCheck', sameOrigin),
    beacon: optional('beacon', webUrl),
    banner: (o.banner as boolean | undefined) ?? true,
    position: (o.position as 'top' | 'bottom' | undefined) ?? 'top',
    lang,
    contact: (o.contact as string | undefined) ?? null,
    downCheckers: (o.downCheckers as boolean | undefined) ?? null,
    archive: (o.archive as boolean | undefined) ?? null,
    strings: (o.strings as Record<string, string> | undefined) ?? null,
  };
}

/** The built-in language for a BCP 47 tag: Chinese reads 'zh-CN', anything else 'en'. */
export function pickLanguage(tag: string): 'en' | 'zh-CN' {
  return /^zh\b/i.test(tag) ? 'zh-CN' : 'en';
}

const LISTS = new Set(['criticalPages', 'fallbackStatuses']);

/**
 * Options from a <script> tag's data-* attributes (`dataset`): `data-sw` is serviceWorker,
 * `data-critical-pages` and `data-fallback-statuses` are space-separated lists,
 * `data-retry-max-delay` / `data-cache-max-entries` fill nested fields, numbers and
 * true/false are converted; anything malformed is left for resolveOptions to name.
 */
export function optionsFromDataset(dataset: Record<string, string | undefined>): Options {
  const options: Record<string, unknown> = {};
  for (const [key, text = ''] of Object.entries(dataset)) {
    if (key === 'attach') continue;
    const name = key === 'sw' ? 'serviceWorker' : key;
    let value: unknown = text;
    if (LISTS.has(name)) value = text.split(/\s+/).filter(Boolean).map((v) => (name === 'fallbackStatuses' && /^\d+$/.test(v) ? Number(v) : v));
    else if (/^\d+(\.\d+)?$/.test(text) && name !== 'lang') value = Number(text);
    else if (text === 'true' || text === 'false') value = text === 'true';
    const nest = /^(retry|cache)([A-Z].*)$/.exec(name);
    if (nest) {
      const group = (options[nest[1]] ??= {}) as Record<string, unknown>;
      group[nest[2][0].toLowerCase() + nest[2].slice(1)] = value;
    } else options[name] = value;
  }
  return options as Options;
}

/** The data-* attribute an option comes from: 'retry.maxDelay' → 'data-retry-max-delay'. */
export function attributeFor(option: string): string {
  const name = option.replace(/\[\d+\]$/, '').replace('.', '-');
  return 'data-' + (name === 'serviceWorker' ? 'sw' : name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
}
