// The options a site passes to install(), checked and filled in before anything is
// registered. Pure: the page URL comes in as an argument, errors go out as BadGatewayError.
import { BadGatewayError, badOption } from '../core/errors.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-schedule.js';
import { WORKER_DEFAULTS, type WorkerConfig } from '../core/worker-config.js';

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
  /** Where an inserted banner goes: 'bottom' (default; a corner card on wide screens, a bottom bar on phones) or 'top'. */
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
  /** Same-origin API path prefixes ('/api/'), or RegExps tested against path and query: their GET data requests get saved copies. */
  apiRoutes?: (string | RegExp)[];
  /** Same-origin URL of the app's shell, kept from install on: served to a client route with no copy of its own during an outage. */
  appShell?: string;
  /** On recovery: 'reload' (default) the page served as a copy, or 'event': no reload, `bad-gateway:recovered` tells the app to refetch. */
  recovery?: 'reload' | 'event';
  /** Save pages and API answers sent with `Cache-Control: no-store` too (default false; clear the copies on sign-out). */
  saveNoStore?: boolean;
  /** 'links': in idle time on a healthy page, keep copies of the pages it links to (default 'off'). */
  warm?: 'links' | 'off';
  /** Most pages warmed per page view (default 16). */
  warmLimit?: number;
  /** Same-origin paths ('/wp-admin/'), or RegExps tested against path and query: never saved, served from a copy, or warmed. */
  ignore?: (string | RegExp)[];
  /** Same-origin URL of the site's build-time file list (JSON: URLs, or { url, revision }): its pages and files are kept, for static sites with a client router. */
  precache?: string;
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
  recovery: 'reload' | 'event';
}

/** What an option accepts, in words, and the test of it; null for the URL options and groups, which resolveOptions checks. */
type Rule = readonly [accepts: string, ok: (value: unknown) => boolean] | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);
const range = (min: number, max: number, what = 'number', whole = false): Rule =>
  [`a ${what} from ${min} to ${max}`, (v) => typeof v == 'number' && v >= min && v <= max && (!whole || Number.isInteger(v))];
const ms = (min: number, max: number) => range(min, max, 'number of milliseconds');
const bytes = range(1024, 2 ** 40, 'number of bytes');
const oneOf = (...allowed: string[]): Rule => [allowed.map((a) => `'${a}'`).join(' or '), (v) => allowed.includes(v as string)];
const boolean: Rule = ['true or false', (v) => typeof v == 'boolean'];

// In the order the "known options" hint lists them.
const OPTIONS: Record<keyof Options, Rule> = {
  serviceWorker: null, scope: null, criticalPages: null, statusPage: null, fallbackPage: null, healthCheck: null, beacon: null, apiRoutes: null, appShell: null, precache: null,
  timeout: ms(500, 60000),
  retry: null,
  lang: ["'auto' or a language tag such as 'en' or 'zh-CN'", (v) => /^(auto|[a-z]{2,3}(-[a-z\d]{1,8})*)$/i.test(v as string)],
  fallbackStatuses: ['an array of status numbers from 500 to 599', (v) => Array.isArray(v) && v.every((s) => Number.isInteger(s) && s >= 500 && s <= 599)],
  maxAge: range(0, 10 * 365 * 86400, 'number of seconds'),
  cache: null,
  banner: boolean,
  position: oneOf('top', 'bottom'),
  contact: ['an http(s) or mailto: URL, or an e-mail address', (v) => /^(https?:\/\/|mailto:)\S+$|^[^\s@]+@[^\s@]+$/i.test(v as string)],
  downCheckers: boolean,
  archive: boolean,
  strings: ['an object of strings', (v) => isObject(v) && Object.values(v).every((s) => typeof s == 'string')],
  recovery: oneOf('reload', 'event'),
  saveNoStore: boolean,
  warm: oneOf('links', 'off'),
  warmLimit: range(1, 100, 'whole number', true),
  ignore: null,
};

const RETRY: Record<keyof RetryPolicy, Rule> = {
  initialDelay: ms(100, 3600000),
  factor: range(1, 10),
  minDelay: ms(100, 3600000),
  maxDelay: ms(100, 86400000),
  jitter: oneOf('full', 'none'),
  maxRetryAfter: ms(0, 86400000),
};

const CACHE = { maxEntries: range(1, 100000, 'whole number', true), maxBytes: bytes, maxEntryBytes: bytes };

/** Every option install() takes, and the fields of the nested ones (the README is checked against these). */
export const OPTION_NAMES = Object.keys(OPTIONS) as (keyof Options)[];
export const NESTED_OPTION_NAMES = { retry: Object.keys(RETRY), cache: Object.keys(CACHE) };

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  let row = [...Array(b.length + 1).keys()];
  for (const x of a) {
    const next = [row[0] + 1];
    for (let j = 0; j < b.length; j++) next.push(Math.min(row[j + 1] + 1, next[j] + 1, row[j] + +(x != b[j])));
    row = next;
  }
  return row[b.length];
}

/** `object` without its undefined fields, which count as not given. */
const given = (object: object): Record<string, unknown> => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));

/**
 * The given fields of `object`, checked against `rules` (typed as `T` once checked; the URL
 * options and groups are checked by their users); an unknown one is named with the closest
 * known one ("did you mean 'criticalPages'?").
 */
function check<T>(object: unknown, rules: Record<string, Rule>, prefix: string): Partial<T> {
  if (!isObject(object)) badOption(prefix.slice(0, -1) || 'options', 'an object', object);
  const known = Object.keys(rules);
  const fields = given(object);
  for (const [key, value] of Object.entries(fields)) {
    const rule = rules[key];
    if (!(key in rules)) {
      const far = (k: string) => distance(k.toLowerCase(), key.toLowerCase());
      const near = known.reduce((a, b) => (far(b) < far(a) ? b : a));
      throw new BadGatewayError('bad-option',
        `bad-gateway: unknown option '${prefix}${key}'` + (far(near) < 3 ? `; did you mean '${prefix}${near}'?` : `; known options: ${known.join(', ')}.`),
        { option: prefix + key, value });
    }
    if (rule && !rule[1](value)) badOption(prefix + key, rule[0], value);
  }
  return fields as Partial<T>;
}

/** Checks `options` against page URL `pageUrl` and fills in defaults; throws BadGatewayError 'bad-option'. */
export function resolveOptions(options: Options = {}, pageUrl: string): Settings {
  const page = new URL(pageUrl);
  const o = check<Options>(options, OPTIONS, '');
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...check<RetryPolicy>(o.retry ?? {}, RETRY, 'retry.') };
  if (retry.minDelay > retry.maxDelay) badOption('retry.minDelay', `at most retry.maxDelay (${retry.maxDelay})`, retry.minDelay);
  const { timeout, fallbackStatuses, maxAge, maxEntries, maxBytes, maxEntryBytes } = { ...WORKER_DEFAULTS, ...o, ...check<NonNullable<Options['cache']>>(o.cache ?? {}, CACHE, 'cache.') };

  /** `value` as an absolute URL; on this site unless `web`, where any http(s) URL goes. */
  const url = (value: unknown, name: string, web?: boolean): string => {
    let url: URL | undefined;
    try { url = new URL(value as string, page); } catch { /* reported below */ }
    if (typeof value != 'string' || !value || !url || (web ? !/^https?:$/.test(url.protocol) : url.origin != page.origin)) {
      badOption(name, web ? 'an http or https URL' : `a URL on this site (${page.origin})`, value);
    }
    if (!web) url.hash = '';
    return url.href;
  };
  const optional = (key: keyof Options, web?: boolean) => (key in o ? url(o[key], key, web) : null);
  const critical = o.criticalPages ?? [];
  if (!Array.isArray(critical)) badOption('criticalPages', 'an array of URLs on this site', critical);
  const lang = o.lang ?? 'auto';
  /** Path prefixes or RegExps; a RegExp travels to the worker as its source and flags (the configuration is JSON). */
  const routes = (name: 'apiRoutes' | 'ignore', example: string) => {
    const list: unknown = o[name] ?? [];
    if (!Array.isArray(list)) badOption(name, `an array of paths on this site (such as '${example}') or RegExps`, list);
    return list.map((route: unknown, i) => (route instanceof RegExp ? { source: route.source, flags: route.flags }
      : typeof route == 'string' && /^\/(?!\/)/.test(route) ? route : badOption(`${name}[${i}]`, `a path on this site starting with '/' (such as '${example}'), or a RegExp`, route)));
  };

  return {
    banner: true,
    position: 'bottom',
    contact: null,
    downCheckers: null,
    archive: null,
    strings: null,
    recovery: 'reload',
    ...o,
    lang,
    script: url(o.serviceWorker ?? '/bad-gateway-sw.js', 'serviceWorker'),
    scope: url(o.scope ?? '/', 'scope'),
    worker: {
      criticalPages: critical.map((page, i) => url(page, `criticalPages[${i}]`)),
      fallbackPage: optional('fallbackPage'),
      timeout,
      fallbackStatuses,
      maxAge,
      maxEntries,
      maxBytes,
      maxEntryBytes,
      lang: lang == 'auto' ? null : pickLanguage(lang),
      statusPage: optional('statusPage', true),
      bannerScript: null,
      apiRoutes: routes('apiRoutes', '/api/'),
      appShell: optional('appShell'),
      saveNoStore: o.saveNoStore ?? false,
      warm: o.warm == 'links',
      warmLimit: o.warmLimit ?? 16,
      ignore: routes('ignore', '/admin/'),
      precache: optional('precache'),
    },
    retry,
    healthCheck: optional('healthCheck'),
    beacon: optional('beacon', true),
  };
}

/** The built-in language for a BCP 47 tag: Chinese reads 'zh-CN', anything else 'en'. */
export function pickLanguage(tag: string): 'en' | 'zh-CN' {
  return /^zh\b/i.test(tag) ? 'zh-CN' : 'en';
}

/**
 * Options from a <script> tag's data-* attributes (`dataset`): `data-sw` is serviceWorker,
 * `data-critical-pages`, `data-api-routes` and `data-fallback-statuses` are space-separated lists,
 * `data-retry-max-delay` / `data-cache-max-entries` fill nested fields, numbers and
 * true/false are converted; anything malformed is left for resolveOptions to name.
 */
export function optionsFromDataset(dataset: Record<string, string | undefined>): Options {
  const options: Record<string, Record<string, unknown>> = {};
  for (const [key, text = ''] of Object.entries(dataset)) {
    if (key == 'attach') continue;
    const name = key == 'sw' ? 'serviceWorker' : key;
    const convert = (v: string) => (/^\d+(\.\d+)?$/.test(v) && name != 'lang' ? +v : v == 'true' ? true : v == 'false' ? false : v);
    const list = text.split(/\s+/).filter(Boolean);
    const nest = /^(retry|cache)(.)(.*)/.exec(name);
    const group = nest ? (options[nest[1]] ??= {}) : (options as Record<string, unknown>);
    group[nest ? nest[2].toLowerCase() + nest[3] : name] =
      name == 'criticalPages' || name == 'apiRoutes' || name == 'ignore' ? list : name == 'fallbackStatuses' ? list.map(convert) : convert(text);
  }
  return options;
}

/** The data-* attribute an option comes from: 'retry.maxDelay' → 'data-retry-max-delay'. */
export function attributeFor(option: string): string {
  return 'data-' + option.replace(/\[\d+\]$/, '').replace('serviceWorker', 'sw').replace(/[A-Z.]/g, (c) => (c == '.' ? '-' : '-' + c.toLowerCase()));
}
