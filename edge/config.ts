// The edge's configuration: options given in code (createEdgeHandler) over BAD_GATEWAY_*
// variables from the Worker's environment, each checked, with the service worker's defaults.
import { BadGatewayError } from '../core/errors.js';
import { WORKER_DEFAULTS } from '../core/worker-config.js';

export interface EdgeOptions {
  /** Upstream base URL (`https://origin.example`); absent: the request goes on to its own URL, as on a Cloudflare route in front of the origin. */
  origin?: string | null;
  /** Milliseconds the edge waits for the origin's answer before serving a copy (the origin fetch is aborted). */
  timeout?: number;
  /** Statuses that count as the site failing. */
  fallbackStatuses?: number[];
  /** Seconds a saved copy stays servable (the origin's `stale-if-error` narrows it). */
  maxAge?: number;
  /** Answers larger than this many bytes are never saved. */
  maxEntryBytes?: number;
  /** Path prefixes whose pages carry nothing personal: saved even without `Cache-Control: public`. */
  publicRoutes?: string[];
  /** Status page linked from the fallback page and the banner. */
  statusPage?: string | null;
  /** Language of the fallback page ('en', 'zh-CN'), or null to follow the visitor's Accept-Language. */
  lang?: string | null;
  /** URL of the script-tag bundle injected into served copies and the fallback page (a same-origin path such as `/bad-gateway.min.js` is kept as a copy too). */
  script?: string | null;
  /** Path of the service worker the injected script installs, kept as a copy like the script. */
  serviceWorker?: string;
}

export type EdgeConfig = Required<EdgeOptions>;

export const EDGE_DEFAULTS: Readonly<EdgeConfig> = Object.freeze({
  origin: null,
  timeout: WORKER_DEFAULTS.timeout,
  fallbackStatuses: [...WORKER_DEFAULTS.fallbackStatuses],
  maxAge: WORKER_DEFAULTS.maxAge,
  maxEntryBytes: WORKER_DEFAULTS.maxEntryBytes,
  publicRoutes: [],
  statusPage: null,
  lang: null,
  script: null,
  serviceWorker: '/bad-gateway-sw.js',
});

/** The environment variable of each option. */
export const VARIABLES: Readonly<Record<keyof EdgeConfig, string>> = Object.freeze({
  origin: 'BAD_GATEWAY_ORIGIN',
  timeout: 'BAD_GATEWAY_TIMEOUT',
  fallbackStatuses: 'BAD_GATEWAY_FALLBACK_STATUSES',
  maxAge: 'BAD_GATEWAY_MAX_AGE',
  maxEntryBytes: 'BAD_GATEWAY_MAX_ENTRY_BYTES',
  publicRoutes: 'BAD_GATEWAY_PUBLIC_ROUTES',
  statusPage: 'BAD_GATEWAY_STATUS_PAGE',
  lang: 'BAD_GATEWAY_LANG',
  script: 'BAD_GATEWAY_SCRIPT',
  serviceWorker: 'BAD_GATEWAY_SW',
});
/** The KV namespace binding that holds the copies instead of the Cache API. */
export const KV_BINDING = 'BAD_GATEWAY_COPIES';

type Check = [accepts: string, ok: (v: unknown) => boolean];
const parses = (v: string) => { try { return !!new URL(v); } catch { return false; } };
const isHttpUrl = (v: unknown) => typeof v === 'string' && /^https?:\/\/[^/]/i.test(v) && parses(v);
const isPath = (v: unknown) => typeof v === 'string' && v.startsWith('/') && !v.startsWith('//');
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const CHECKS: Record<keyof EdgeConfig, Check> = {
  origin: ['an http(s) URL such as "https://origin.example", or absent', (v) => v === null || isHttpUrl(v)],
  timeout: ['a number of milliseconds above 0', (v) => isCount(v) && (v as number) > 0],
  fallbackStatuses: ['a list of 5xx status codes, such as "502 503 504"', (v) => Array.isArray(v) && v.length > 0 && v.every((s) => Number.isInteger(s) && s >= 500 && s <= 599)],
  maxAge: ['a number of seconds (0 or more)', isCount],
  maxEntryBytes: ['a number of bytes above 0', (v) => isCount(v) && (v as number) > 0],
  publicRoutes: ['a list of paths starting with "/", such as "/blog /docs"', (v) => Array.isArray(v) && v.every(isPath)],
  statusPage: ['an http(s) URL or a path starting with "/", or absent', (v) => v === null || isHttpUrl(v) || isPath(v)],
  lang: ['a language tag such as "en" or "zh-CN", or absent', (v) => v === null || (typeof v === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v))],
  script: ['an http(s) URL or a path starting with "/", or absent', (v) => v === null || isHttpUrl(v) || isPath(v)],
  serviceWorker: ['a path starting with "/"', isPath],
};
const LISTS = new Set<keyof EdgeConfig>(['fallbackStatuses', 'publicRoutes']);
const NUMBERS = new Set<keyof EdgeConfig>(['timeout', 'maxAge', 'maxEntryBytes']);

/** A variable's text as the option's value: lists split on spaces or commas, numbers read as numbers. */
function fromText(key: keyof EdgeConfig, text: string): unknown {
  const trimmed = text.trim();
  if (LISTS.has(key)) {
    const items = trimmed.split(/[\s,]+/).filter(Boolean);
    return key === 'fallbackStatuses' ? items.map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : items;
  }
  if (NUMBERS.has(key)) return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
  return trimmed;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value) : JSON.stringify(value) ?? String(value);
}

function fail(name: string, accepts: string, value: unknown): never {
  throw new BadGatewayError('bad-option', `bad-gateway: ${name} must be ${accepts}; got ${describe(value)}.`, { option: name, value });
}

export { parses };

/** The options given in code, checked: throws BadGatewayError 'bad-option' naming the first bad one. */
export function checkOptions(options: EdgeOptions = {}): EdgeOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'an object', options);
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!(key in CHECKS)) fail(`option "${key}"`, `one of ${Object.keys(CHECKS).join(', ')} (unknown option)`, value);
    const [accepts, ok] = CHECKS[key as keyof EdgeConfig];
    if (!ok(value)) fail(`option "${key}"`, accepts, value);
  }
  return options;
}

/**
 * The configuration from `options` (already checked) and the Worker's `env`. Throws
 * BadGatewayError 'bad-option' naming the first malformed BAD_GATEWAY_* variable, or one
 * that is not ours (a typo would otherwise be silently ignored). Empty variables are unset.
 */
export function resolveEdgeConfig(options: EdgeOptions, env: Record<string, unknown>): EdgeConfig {
  const config = { ...EDGE_DEFAULTS, fallbackStatuses: [...EDGE_DEFAULTS.fallbackStatuses] } as Record<string, unknown>;
  const known = new Set<string>([...Object.values(VARIABLES), KV_BINDING]);
  for (const name of Object.keys(env ?? {})) {
    if (name.startsWith('BAD_GATEWAY_') && !known.has(name)) fail(name, `one of ${[...known].join(', ')} (unknown variable)`, env[name]);
  }
  for (const [key, name] of Object.entries(VARIABLES) as [keyof EdgeConfig, string][]) {
    const raw = env?.[name];
    if (raw === undefined || raw === null || raw === '') continue;
    if (typeof raw !== 'string') fail(name, `a text variable: ${CHECKS[key][0]}`, raw);
    const value = fromText(key, raw);
    if (!CHECKS[key][1](value)) fail(name, CHECKS[key][0], raw);
    config[key] = value;
  }
  for (const [key, value] of Object.entries(options)) if (value !== undefined) config[key] = value;
  if (typeof config.origin === 'string') config.origin = config.origin.replace(/\/+$/, '');
  return config as unknown as EdgeConfig;
}
