// Checks a configuration written by hand in a site's own worker (sw/module.ts). The script
// URL configuration (sw/index.ts) is already checked by the page and read leniently.
import { badOption } from '../core/errors.js';
import { CONFIG_PARAM, readWorkerConfig, WORKER_DEFAULTS, type WorkerConfig } from '../core/worker-config.js';
import type { RouteSpec } from '../core/policy.js';

/** A configuration written by hand: any field may be left out, and API routes may be RegExps. */
export type WorkerOptions = Partial<Omit<WorkerConfig, 'apiRoutes' | 'ignore'>> & { apiRoutes?: (RouteSpec | RegExp)[]; ignore?: (RouteSpec | RegExp)[] };

const URL_OR_NULL = 'a URL (absolute, or relative to the worker) or null';
const ACCEPTS: Record<keyof WorkerConfig, string> = {
  criticalPages: 'an array of URLs (absolute, or relative to the worker)',
  fallbackPage: URL_OR_NULL,
  timeout: 'a number of milliseconds above 0',
  fallbackStatuses: 'an array of 5xx status codes',
  maxAge: 'a number of seconds (0 or more)',
  maxEntries: 'a whole number above 0',
  maxBytes: 'a number of bytes above 0',
  maxEntryBytes: 'a number of bytes above 0',
  lang: "a language tag such as 'en' or 'zh-CN', or null",
  statusPage: URL_OR_NULL,
  bannerScript: URL_OR_NULL,
  apiRoutes: "an array of paths starting with '/' (such as '/api/') or RegExps",
  appShell: URL_OR_NULL,
  saveNoStore: 'true or false',
  warm: 'true or false',
  warmLimit: 'a whole number from 1 to 100',
  ignore: "an array of paths starting with '/' (such as '/admin/') or RegExps",
  precache: URL_OR_NULL,
};
const URL_KEYS = new Set(['fallbackPage', 'statusPage', 'bannerScript', 'appShell', 'precache']);
/** A RegExp as it travels in the configuration (JSON keeps none of it). */
const route = (v: unknown) => (v instanceof RegExp ? { source: v.source, flags: v.flags } : v);

/**
 * The full configuration for `partial`, with relative URLs resolved against `base` (the worker's URL).
 * Throws BadGatewayError 'bad-option' naming the first unknown or malformed option.
 */
export function resolveConfig(partial: WorkerOptions, base: string): WorkerConfig {
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(partial ?? {})) {
    if (value === undefined) continue;
    if (!(key in WORKER_DEFAULTS)) badOption(key, `one of ${Object.keys(WORKER_DEFAULTS).join(', ')} (unknown option)`, value);
    const resolve = (v: unknown) => { try { return typeof v === 'string' ? new URL(v, base).href : v; } catch { return v; } };
    given[key] = !Array.isArray(value) ? (URL_KEYS.has(key) ? resolve(value) : value)
      : key === 'criticalPages' ? value.map(resolve) : key === 'apiRoutes' || key === 'ignore' ? value.map(route) : value;
  }
  // readWorkerConfig keeps each well-formed value and replaces a malformed one by its default,
  // so any value that did not survive the round trip is the one to name.
  const config = readWorkerConfig(`${base.replace(/[?#].*/, '')}?${CONFIG_PARAM}=${encodeURIComponent(JSON.stringify(given))}`);
  for (const [key, value] of Object.entries(given)) {
    if (JSON.stringify(config[key as keyof WorkerConfig]) !== JSON.stringify(value)) {
      badOption(key, ACCEPTS[key as keyof WorkerConfig], partial[key as keyof WorkerOptions]);
    }
  }
  return config;
}
