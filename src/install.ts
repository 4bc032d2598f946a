// The page API: registers the worker with workbox-window, hands it its configuration, and
// starts the incident watch, which takes the worker's reports (and loads the incident part
// when there is something to handle). Also the ways out: uninstall and clearCache.
// workbox-window's "module" entry is its ES5 build, which an app's bundler would take; its
// ES2017 build of the same code is 1 KB smaller gzipped, and every browser with service
// workers runs it (types: workbox-window.d.ts).
import { messageSW, Workbox } from 'workbox-window/build/workbox-window.prod.mjs';
import { INCIDENT_META, readIncidentMeta } from '../core/incident-meta.js';
import { BadGatewayError } from '../core/errors.js';
import { IncidentWatch } from './incident-watch.js';
import { keepBanner } from './load-incident.js';
import { resolveOptions, type Options, type Settings } from './options.js';
import { CACHE_PREFIX, DB_NAME, type ClearReply, type CoverageReply, type Incident, type PageToWorker, type QueryReply } from '../core/protocol.js';
import { workers } from './workers.js';
import { workerScriptUrl } from '../core/worker-config.js';
import { gatherLinks, stopWarming, warmWhenIdle } from './warm-links.js';

let installing: Promise<ServiceWorkerRegistration> | undefined;
let client: IncidentWatch | undefined;
let bannerScript: string | null = null;

/** The script tag's script, for the built-in fallback page; the worker keeps it and its banner file (set by the script-tag entry). */
export function useBannerScript(url: string | null): void {
  bannerScript = url;
}

/** The worker's answer to `message`, or undefined: a worker that never answers (an old version, a stub) must not hang the page. */
function ask<T>(message: PageToWorker): Promise<T | undefined> {
  const sw = workers()?.controller;
  return sw
    ? Promise.race([messageSW(sw, message) as Promise<T>, new Promise<undefined>((resolve) => setTimeout(resolve, 3000))]).catch(() => undefined)
    : Promise.resolve(undefined);
}

/** Starts the page side: the incident watch, told what the worker knows about this page. */
async function connect(settings: Settings, keep = false): Promise<void> {
  client?.stop();
  client = new IncidentWatch(settings);
  // Only the worker knows whether this page's own navigation was answered from its cache:
  // a page cannot read the headers of the response that created it. A page the edge served
  // from its copies (edge mode) says so itself, in a meta tag: with no worker yet, or one
  // that took the edge's answer for a fresh page.
  const told = (await ask<QueryReply>({ type: 'bad-gateway:query' }))?.incident;
  const page = told ?? readIncidentMeta((document.getElementsByName(INCIDENT_META)[0] as HTMLMetaElement | undefined)?.content) ?? null;
  await client.start(page);
  // A healthy page may be the one that has the worker keep the banner's code (npm builds only),
  // and, once idle, has it keep copies of what it links to (and of itself, on its first visit).
  if (!page) {
    keepBanner(settings).catch((error: unknown) => console.warn('bad-gateway: the banner could not be kept for outages:', error));
    warmWhenIdle(settings.worker.warm, keep, !!settings.worker.precache);
  }
}

/**
 * Installs bad-gateway: checks `options` (a bad one rejects with BadGatewayError
 * 'bad-option' before anything is registered), registers the worker with its
 * configuration in its script URL, and resolves with the registration once the worker
 * controls the page (at once on later visits; see controlled() for a site's own worker). Rejects 'unsupported' without service
 * workers or outside a secure context, 'registration-failed' when the browser refuses
 * the worker (and then leaves no half-installed worker behind). Calling it again
 * returns the same promise. The banner's code is fetched only during an incident (load-incident.ts).
 */
export function install(options?: Options): Promise<ServiceWorkerRegistration> {
  return (installing ??= register(options).catch((error: unknown) => {
    installing = undefined;
    throw error;
  }));
}

async function register(options?: Options): Promise<ServiceWorkerRegistration> {
  const settings = resolveOptions(options, document.baseURI);
  const { script, scope } = settings;
  const sw = workers();
  // A sandboxed document has an opaque origin ('null'): no origin, no service worker.
  if (!isSecureContext || origin == 'null' || !sw) {
    throw new BadGatewayError('unsupported', 'bad-gateway: this browser cannot run service workers here (they need a secure context: https or localhost).');
  }
  settings.worker.bannerScript = bannerScript;
  const wb = new Workbox(workerScriptUrl(script, settings.worker, location.href), { scope });
  // Not controlled now: this load went past the worker, which has no copy of it yet.
  const firstView = !sw.controller && location.href.startsWith(scope);
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await wb.register().catch(async (cause: unknown) => {
      // During an outage the browser's update check of the worker script fails too, and
      // register() rejects (SW spec, Update step "fetch failed") although the installed
      // version still runs: that is exactly when the page needs us, so carry on with it.
      const existing = await sw.getRegistration(scope);
      if (existing?.active && existing.scope == scope) return existing;
      throw cause;
    });
    await controlled(registration!, scope, sw);
  } catch (cause) {
    // A first install that failed leaves nothing behind; a working earlier version stays.
    const left = registration ?? (await sw.getRegistration(scope).catch(() => undefined));
    if (!left?.active) await left?.unregister().catch(() => false);
    throw new BadGatewayError('registration-failed', `bad-gateway: the browser refused the worker ${script}: ${(cause as Error)?.message ?? cause}`, { cause, option: 'serviceWorker', value: script });
  }
  // A new worker version waits until this page is hidden before it takes over. Swapping
  // workers under a page that is in use could serve its later asset requests from a worker
  // with another configuration; once the page is hidden (tab switched, navigated away —
  // 'visibilitychange' fires in both cases and, unlike 'unload', reliably on mobile) the
  // visitor's next view starts cleanly with the new version. Nothing waiting: a no-op.
  document.addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && wb.messageSkipWaiting());
  await connect(settings, firstView);
  return registration!;
}

/**
 * Resolves when the worker controls this page: at once when an earlier version is active
 * (the page is controlled already, or was loaded past the worker with a hard reload and
 * will be on the next visit), else at the first install's clients.claim(). Or when the new
 * worker is active: for a page outside the scope, and for a site's own worker that does not
 * claim open pages (it controls them from the next visit). A worker that claims within its
 * activate event's waitUntil, as the SDK's does, has its controllerchange queued before the
 * state change, so it controls the page by then; one that claims outside it (Workbox's
 * clientsClaim()) may take over a moment later. Rejects if the worker fails to install.
 */
function controlled(registration: ServiceWorkerRegistration, scope: string, sw: ServiceWorkerContainer): Promise<unknown> {
  const inScope = location.href.startsWith(scope);
  const worker = registration.installing ?? registration.waiting ?? registration.active!;
  return (registration.active && (!inScope || registration.active.state == 'activated')) || (inScope && sw.controller)
    ? Promise.resolve()
    : new Promise((resolve, reject) => {
      worker.addEventListener('statechange', () => {
        if (worker.state == 'redundant') reject(Error('its install step failed'));
        else if (worker.state == 'activated') resolve(0);
      });
      sw.addEventListener('controllerchange', resolve, { once: true });
    });
}

/**
 * Attaches to the worker that already controls this page, without registering one: for
 * pages the worker made up (its fallback page loads the script with `data-attach`).
 * Shows the banner, runs the retry schedule, recovers.
 */
export async function attach(options?: Options): Promise<void> {
  await connect(resolveOptions(options, document.baseURI));
}

/** Unregisters the worker for the scope, deletes every saved copy and all stored state, and removes the banner. */
export async function uninstall(options: { scope?: string } = {}): Promise<void> {
  const scope = new URL(options.scope ?? client?.settings.scope ?? '/', location.href).href;
  stopWarming();
  client?.stop();
  client = installing = undefined;
  // First the worker stops answering and saving (it controls this page until it closes).
  await ask({ type: 'bad-gateway:uninstall' });
  for (const registration of (await workers()?.getRegistrations()) ?? []) if (registration.scope == scope) await registration.unregister();
  await clearCaches();
  await deleteStore();
  for (const banner of document.querySelectorAll('bad-gateway-banner')) banner.remove();
}

async function clearCaches(): Promise<number> {
  let cleared = 0;
  for (const name of (await self.caches?.keys()) ?? []) {
    if (name.startsWith(CACHE_PREFIX)) {
      cleared += (await (await caches.open(name)).keys()).length;
      await caches.delete(name);
    }
  }
  return cleared;
}

/**
 * Deletes the SDK's database (its connections close themselves when asked: incident-store.ts
 * sdkStore) and its hints in localStorage. Resolves once deleted, or when something still
 * holds the database open ('blocked': it goes once that closes).
 */
function deleteStore(): Promise<unknown> {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith('bad-gateway:')) localStorage.removeItem(key);
  } catch { /* no web storage */ }
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    } catch {
      resolve(0);
    }
  });
}

/**
 * How many of this page's links (same-origin, in scope, each once) have a copy the worker would
 * show during an outage now, and which do not. Asks the worker: 0 readable without one.
 */
export async function coverage(): Promise<{ links: number; readable: number; missing: string[] }> {
  const scope = client?.settings.scope ?? new URL('/', location.href).href;
  const here = location.href.replace(/#.*/, '');
  const links = [...new Set(gatherLinks().map((l) => l.href.replace(/#.*/, '')))].filter((url) => url.startsWith(scope) && url != here);
  const readable = new Set((await ask<CoverageReply>({ type: 'bad-gateway:coverage', links }))?.readable ?? []);
  return { links: links.length, readable: readable.size, missing: links.filter((url) => !readable.has(url)) };
}

/** Deletes every saved copy (call it on sign-out, so no private page stays on the device); resolves with how many went. */
export async function clearCache(): Promise<number> {
  // A page about to be idle must not have the worker keep it (or its links) again after this.
  stopWarming();
  return (await ask<ClearReply>({ type: 'bad-gateway:clear-cache' }))?.cleared ?? clearCaches();
}

export type { Incident };
