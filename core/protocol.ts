// The page <-> worker protocol: message shapes, header names and the failure record.
// Imported by the page client (src/), the banner (components/), the worker (sw/) and the
// edge (edge/), so it must not depend on DOM- or worker-only types.
import type { LinkFacts } from './warm-policy.js';

/** Response header on every answer the worker made up or took from its cache: 'copy' or 'fallback'. */
export const SERVED_HEADER = 'x-bad-gateway';
/** Response header with the age in whole seconds of a saved copy the worker served. */
export const AGE_HEADER = 'x-bad-gateway-age';
/** Header the worker adds to what it stores: when the copy was saved (epoch ms). */
export const SAVED_AT_HEADER = 'x-bad-gateway-saved-at';
/** Request header that asks the worker to go to the network only: no fallback, no cache. */
export const PROBE_HEADER = 'x-bad-gateway-probe';

/** Every cache the SDK creates starts with this, so uninstall can find them all. */
export const CACHE_PREFIX = 'bad-gateway';
/** The IndexedDB database the SDK keeps its small state in (idb-keyval store). */
export const DB_NAME = 'bad-gateway';
export const STORE_NAME = 'state';

/** What failed: the connection (network), the wait (timeout), or the answer (status). */
export type FailureKind = 'network' | 'timeout' | 'status';

/** What is known about a failure; an Incident is one too (an outage's later requests reuse it). */
export interface FailureFacts { kind: FailureKind; status?: number; retryAfter?: string; server?: string; gateway?: string; said?: Incident['said']; waited?: number }

/** What the worker gave the page instead of the failed answer. */
export type Served = 'copy' | 'fallback' | 'none';

/**
 * What the banner says the visitor is looking at: as served, 'partial' (the page broke off
 * while loading, no copy), or 'data' (the page is live, but some of its data calls were
 * answered from saved copies).
 */
export type Shown = Served | 'partial' | 'data';

/** One failed request, as the worker saw it. All times are epoch milliseconds. */
export interface Incident {
  kind: FailureKind;
  /** URL of the request that failed. */
  url: string;
  /** Request destination: 'document' for navigations, 'style', 'script', 'image', 'font', ... */
  destination: string;
  /** HTTP status of the failed answer (kind 'status'). */
  status?: number;
  served: Served;
  /** When the served copy was saved (served 'copy'). */
  savedAt?: number;
  /** Raw Retry-After header of the failed answer, if any. */
  retryAfter?: string;
  /** Server header of the failed answer: which gateway or CDN answered (e.g. 'nginx', 'cloudflare'). */
  server?: string;
  /**
   * A page whose body broke off mid-way (a reset, or fewer bytes than its Content-Length):
   * 'copy' when the worker will answer its next load from a saved copy, 'none' when it has
   * none (the visitor keeps what arrived).
   */
  broken?: 'copy' | 'none';
  /** navigator.onLine in the worker when the failure happened. */
  online: boolean;
  at: number;
  /** The known gateway the worker recognised in the failed answer (a name from src/gateways.ts). */
  gateway?: string;
  /** What that gateway's own error page said about the site's server. */
  said?: 'unreachable' | 'slow' | 'failed';
  /** Milliseconds the failed answer took to arrive (kind 'status'). */
  waited?: number;
}

export type WorkerToPage =
  | { type: 'bad-gateway:incident'; incident: Incident }
  | { type: 'bad-gateway:recovered'; url: string; at: number };

export type PageToWorker =
  /** Reply: { incident: Incident | null } for the navigation that created the asking page. */
  | { type: 'bad-gateway:query' }
  /** Reply: { cleared: number } — deletes every saved copy (sign-out). */
  | { type: 'bad-gateway:clear-cache' }
  /** The page's health check reached the site: stop short-circuiting requests. */
  | { type: 'bad-gateway:recovered' }
  /**
   * Reply: {} — uninstall() is about to unregister the worker and delete its caches. An
   * unregistered worker still controls its open pages until they close, so it must stop
   * answering and saving first, or it would re-create the caches the page just deleted.
   */
  | { type: 'bad-gateway:uninstall' }
  /** Keep copies of the pages these links lead to, if warming may run (sw/warm.ts); replies {} once done. */
  | { type: 'bad-gateway:warm'; page: string; links: LinkFacts[]; keep?: boolean }
  /** Reply: CoverageReply — which of these links have a copy the worker would serve now. */
  | { type: 'bad-gateway:coverage'; links: string[] };

export interface QueryReply { incident: Incident | null }
/** The links (absolute, as asked) with a copy that would be served during an outage now. */
export interface CoverageReply { readable: string[] }
export interface ClearReply { cleared: number }

const WORKER_TYPES = new Set(['bad-gateway:incident', 'bad-gateway:recovered']);
const PAGE_TYPES = new Set(['bad-gateway:query', 'bad-gateway:clear-cache', 'bad-gateway:recovered', 'bad-gateway:uninstall', 'bad-gateway:warm', 'bad-gateway:coverage']);

function typed(data: unknown): string | undefined {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string'
    ? (data as { type: string }).type
    : undefined;
}

/** True when `data` is a message from our worker (pages may receive other workers' messages too). */
export function isWorkerMessage(data: unknown): data is WorkerToPage {
  return WORKER_TYPES.has(typed(data) ?? '');
}

/** True when `data` is a message from our page client. */
export function isPageMessage(data: unknown): data is PageToWorker {
  return PAGE_TYPES.has(typed(data) ?? '');
}

