// Shared by the worker tests: a site behind the real gateway, the real worker registered on
// it with a configuration, pages opened in iframes (navigations the worker controls), and a
// teardown that leaves nothing behind for the next test in the same browser.
import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { CACHE_PREFIX, type Incident, type QueryReply } from '../../core/protocol.js';
import { WORKER_DEFAULTS, workerScriptUrl, type WorkerConfig } from '../../core/worker-config.js';
import { retire } from '../src/site-helpers.js';

/**
 * WebKitGTK (libsoup) reads a chunked body cut off by a connection reset as complete: its
 * fetch resolves with the part that arrived, so there is no break for the worker (or
 * anything else) to see. Checked as such, so that the day it changes shows up here.
 */
export const RESET_UNSEEN = /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Firefox/.test(navigator.userAgent);

type Mode = 'up' | 'down' | 'hang' | 'status' | 'reset' | 'short';

/** Collects every message the worker sends a page, from its first moment (before any test code runs). */
export const COLLECT_MESSAGES = `<script>window.bgMessages=[];if(navigator.serviceWorker){navigator.serviceWorker.addEventListener('message',function(e){bgMessages.push(e.data)});navigator.serviceWorker.startMessages()}</script>`;

export interface Site {
  id: string;
  /** `/o/<id>/`: the site's path on the test server, and the worker's scope. */
  base: string;
  /** Absolute URL of `path` on the site. */
  url(path?: string): string;
  mode(mode: Mode, options?: { status?: number; headers?: Record<string, string> }): Promise<unknown>;
  bump(): Promise<number>;
  /** Requests the origin saw, "METHOD path" → count. */
  counts(): Promise<Record<string, number>>;
  resetCounts(): Promise<unknown>;
  /** Requests the origin holds open right now in hang mode, "METHOD path"; one the browser aborted is gone. */
  hung(): Promise<string[]>;
  /** Lets the answers held with ?hold=`key` (stream/ tails, gen/ answers) go. */
  release(key: string): Promise<unknown>;
  /** Serve another file (a dist file or a test worker under test/) as bad-gateway-sw.js. */
  serveWorker(file: string): Promise<unknown>;
  stop(): Promise<unknown>;
}

const command = (payload: Record<string, unknown>) => executeServerCommand('site', payload);

export async function startSite(options: { inject?: string; via?: 'node' | 'nginx' } = {}): Promise<Site> {
  const id = 'sw-' + Math.random().toString(36).slice(2, 10);
  const { base } = await command({ action: 'start', id, inject: options.inject ?? COLLECT_MESSAGES, via: options.via ?? 'node' }) as { base: string };
  return {
    id,
    base,
    url: (path = '') => new URL(base + path, location.href).href,
    mode: (mode, o = {}) => command({ action: 'mode', id, mode, ...o }),
    bump: () => command({ action: 'bump', id }) as Promise<number>,
    counts: () => command({ action: 'counts', id }) as Promise<Record<string, number>>,
    resetCounts: () => command({ action: 'resetCounts', id }),
    hung: () => command({ action: 'hung', id }) as Promise<string[]>,
    release: (key) => command({ action: 'release', id, key }),
    serveWorker: (file) => command({ action: 'worker', id, file }),
    stop: () => command({ action: 'stop', id }),
  };
}

/** Resolves once `worker` reaches `state` (rejects if it becomes redundant first). */
export function reachState(worker: ServiceWorker, state: ServiceWorkerState): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (worker.state === state) { worker.removeEventListener('statechange', check); resolve(); }
      else if (worker.state === 'redundant') { worker.removeEventListener('statechange', check); reject(new Error(`worker became redundant before ${state}`)); }
    };
    worker.addEventListener('statechange', check);
    check();
  });
}

/** The worker script URL for `site` carrying `config`, as the page client writes it. */
export function scriptUrl(site: Site, config: Partial<WorkerConfig> = {}, file = 'bad-gateway-sw.js'): string {
  return workerScriptUrl(site.base + file, { ...WORKER_DEFAULTS, ...config }, location.href);
}

/** Registers the worker on the site's scope with `config` and resolves once it is active. */
export async function registerWorker(site: Site, config: Partial<WorkerConfig> = {}): Promise<ServiceWorkerRegistration> {
  const registration = await navigator.serviceWorker.register(scriptUrl(site, config), { scope: site.base });
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker) throw new Error('registration has no worker');
  await reachState(worker, 'activated');
  return registration;
}

export interface Page {
  frame: HTMLIFrameElement;
  win: Window & { bgMessages?: unknown[] };
  doc: Document;
  /** Milliseconds from setting the iframe's src to its load event (document and all its assets). */
  took: number;
  text(): string;
  /** The origin's content version the page shows (meta bg-version), or null. */
  version(): string | null;
}

const frames = new Set<HTMLIFrameElement>();

/** A new iframe, not yet in the document, that teardown() removes. */
export function newFrame(): HTMLIFrameElement {
  const f = document.createElement('iframe');
  frames.add(f);
  return f;
}

/** Loads `url` in `frame` (a new iframe by default) and resolves on its load event. */
export async function openPage(url: string, frame?: HTMLIFrameElement): Promise<Page> {
  const f = frame ?? document.createElement('iframe');
  frames.add(f);
  const loaded = new Promise<void>((resolve) => f.addEventListener('load', () => resolve(), { once: true }));
  const started = performance.now();
  f.src = url;
  if (!f.isConnected) document.body.append(f);
  await loaded;
  const took = performance.now() - started;
  const win = f.contentWindow as Page['win'];
  const doc = f.contentDocument!;
  return {
    frame: f, win, doc, took,
    text: () => doc.body?.textContent ?? '',
    version: () => doc.querySelector('meta[name="bg-version"]')?.getAttribute('content') ?? null,
  };
}

/** Asks the worker controlling `page` for the incident of the navigation that created it. */
export function query(page: Page): Promise<Incident | null> {
  return ask<QueryReply>(page, { type: 'bad-gateway:query' }).then((reply) => reply.incident);
}

/** Sends `message` to the worker controlling `page` and resolves with its reply (MessageChannel, like workbox-window). */
export function ask<T>(page: Page, message: unknown): Promise<T> {
  const controller = page.win.navigator.serviceWorker.controller;
  if (!controller) throw new Error('page is not controlled');
  const channel = new (page.win as unknown as typeof globalThis).MessageChannel();
  const reply = new Promise<T>((resolve) => { channel.port1.onmessage = (e) => resolve(e.data as T); });
  controller.postMessage(message, [channel.port2]);
  return reply;
}

/** Resolves with the first message the worker posted to `page` that satisfies `match`. */
export async function messageTo<T>(page: Page, match: (data: T) => boolean): Promise<T> {
  const box = page.win.bgMessages;
  if (!box) throw new Error('page does not collect messages (COLLECT_MESSAGES not injected)');
  for (;;) {
    const found = (box as T[]).find(match);
    if (found) return found;
    await new Promise((resolve) => page.win.navigator.serviceWorker.addEventListener('message', resolve, { once: true }));
  }
}

/** Every cache of this site's registration. */
export async function siteCaches(site: Site): Promise<string[]> {
  return (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name.includes(site.base));
}

/** URLs saved in the site's copies cache. */
export async function savedUrls(site: Site): Promise<string[]> {
  // The route's copies (the SDK's own, or a site worker's named like it), not the record of their use.
  const name = (await siteCaches(site)).find((n) => n.includes('-copies-') && !n.startsWith(`${CACHE_PREFIX}-usage:`));
  if (!name) return [];
  return (await (await caches.open(name)).keys()).map((r) => r.url);
}

/**
 * Resolves once every one of `urls` is saved. Saving happens after the page has its answer
 * (off the critical path), so a test checks for the copy rather than assuming its timing.
 */
export async function saved(site: Site, urls: string[]): Promise<void> {
  await waitUntil(async () => {
    const have = await savedUrls(site);
    return urls.every((url) => have.includes(url));
  }, `not saved: ${urls.join(' ')}`, { timeout: 5000, interval: 20 });
}

/** Resolves once the saved copy of `url` contains `text` (e.g. a newer version after a visit). */
export async function savedWith(url: string, text: string): Promise<void> {
  await waitUntil(async () => ((await (await caches.match(url))?.text()) ?? '').includes(text),
    `no saved copy of ${url} with ${text}`, { timeout: 5000, interval: 20 });
}

/**
 * Resolves once the origin holds none of the site's page and asset requests open: the worker
 * aborted what it stopped waiting for, well before the gateway's own 8 s timeout would close
 * them. (The browser's own update check of the worker script is not the worker's to abort.)
 */
export async function nothingHung(site: Site): Promise<void> {
  const held = async () => (await site.hung()).filter((r) => !r.endsWith('bad-gateway-sw.js'));
  await waitUntil(async () => (await held()).length === 0, 'a timed-out request is still open at the origin', { timeout: 5000, interval: 50 });
}

/** Removes the iframes, the site's registrations and caches, and stops the site. */
export async function teardown(site: Site | undefined): Promise<void> {
  for (const f of frames) f.remove();
  frames.clear();
  if (!site) return;
  for (const registration of await navigator.serviceWorker.getRegistrations()) {
    if (registration.scope.includes(site.base)) await retire(registration);
  }
  for (const name of await siteCaches(site)) await caches.delete(name);
  await site.mode('up').catch(() => undefined); // releases hung requests
  await site.stop();
}
