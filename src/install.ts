// The page API: registers the worker with workbox-window, hands it its configuration, and
// connects the worker's reports to the incident controller. Also the ways out: uninstall
// and clearCache.
import { messageSW, Workbox } from 'workbox-window';
import { BadGatewayError } from './errors.js';
import { IncidentController } from './incident-controller.js';
import { destroyStore } from './incident-store.js';
import { resolveOptions, type Options, type Settings } from './options.js';
import { CACHE_PREFIX, isWorkerMessage, type ClearReply, type Incident, type PageToWorker, type QueryReply } from './protocol.js';
import { workerScriptUrl } from './worker-config.js';

let installing: Promise<ServiceWorkerRegistration> | undefined;
let client: { controller: IncidentController; settings: Settings; stop(): void } | undefined;
let bannerScript: string | null = null;

/** The script that defines the banner, for the built-in fallback page (set by the script-tag entry). */
export function useBannerScript(url: string | null): void {
  bannerScript = url;
}

/** navigator.serviceWorker, or undefined where reading it throws (sandboxed documents with an opaque origin). */
function workers(): ServiceWorkerContainer | undefined {
  try {
    return navigator.serviceWorker;
  } catch {
    return undefined;
  }
}

// A worker that never answers (an old version, a stub) must not hang the page's start-up.
async function ask<T>(message: PageToWorker, sw: ServiceWorker | null | undefined = workers()?.controller): Promise<T | undefined> {
  if (!sw) return undefined;
  let timer = 0;
  try {
    return await Promise.race([messageSW(sw, message) as Promise<T>, new Promise<undefined>((r) => { timer = window.setTimeout(r, 3000); })]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the page side: worker reports in, incident controller running. */
async function connect(settings: Settings): Promise<void> {
  client?.stop();
  const controller = new IncidentController(settings, { tellWorker: (message) => workers()?.controller?.postMessage(message) });
  const onMessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (!isWorkerMessage(data)) return;
    if (data.type === 'bad-gateway:incident') void controller.report(data.incident);
    else void controller.siteRecovered();
  };
  const container = workers();
  container?.addEventListener('message', onMessage);
  client = { controller, settings, stop: () => { container?.removeEventListener('message', onMessage); controller.stop(); } };
  // Only the worker knows whether this page's own navigation was answered from its cache:
  // a page cannot read the headers of the response that created it.
  const reply = await ask<QueryReply>({ type: 'bad-gateway:query' });
  await controller.start(reply?.incident ?? null);
}

/**
 * Installs bad-gateway: checks `options` (a bad one rejects with BadGatewayError
 * 'bad-option' before anything is registered), registers the worker with its
 * configuration in its script URL, and resolves with the registration once the worker
 * controls the page (at once on later visits). Rejects 'unsupported' without service
 * workers or outside a secure context, 'registration-failed' when the browser refuses
 * the worker (and then leaves no half-installed worker behind). Calling it again
 * returns the same promise. With the npm package, `import 'bad-gateway/banner'` too, so
 * the banner it inserts is defined.
 */
export function install(options?: Options): Promise<ServiceWorkerRegistration> {
  installing ??= register(options).catch((error: unknown) => {
    installing = undefined;
    throw error;
  });
  return installing;
}

async function register(options?: Options): Promise<ServiceWorkerRegistration> {
  const settings = resolveOptions(options, document.baseURI);
  // A sandboxed document has an opaque origin ('null'): no origin, no service worker.
  if (!isSecureContext || origin === 'null' || !workers()) {
    throw new BadGatewayError('unsupported', 'bad-gateway: this browser cannot run service workers here (they need a secure context: https or localhost).');
  }
  settings.worker.bannerScript = bannerScript;
  const wb = new Workbox(workerScriptUrl(settings.script, settings.worker, location.href), { scope: settings.scope });
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await wb.register().catch(async (cause: unknown) => {
      // During an outage the browser's update check of the worker script fails too, and
      // register() rejects (SW spec, Update step "fetch failed") although the installed
      // version still runs: that is exactly when the page needs us, so carry on with it.
      const existing = await navigator.serviceWorker.getRegistration(settings.scope);
      if (existing?.active && existing.scope === settings.scope) return existing;
      throw cause;
    });
    if (!registration) throw new Error('no registration');
    await controlled(registration, settings.scope);
  } catch (cause) {
    // A first install that failed leaves nothing behind; a working earlier version stays.
    const left = registration ?? (await navigator.serviceWorker.getRegistration(settings.scope).catch(() => undefined));
    if (left && !left.active) await left.unregister().catch(() => false);
    throw new BadGatewayError('registration-failed', `bad-gateway: the browser refused the worker ${settings.script}: ${(cause as Error)?.message ?? cause}`, { cause, option: 'serviceWorker', value: settings.script });
  }
  keepVersionsApart(wb);
  await connect(settings);
  return registration;
}

/**
 * Resolves when the worker controls this page: at once when an earlier version is active
 * (the page is controlled already, or was loaded past the worker with a hard reload and
 * will be on the next visit), else at the first install's clients.claim(). For a page
 * outside the scope, when the worker is active. Rejects if the worker fails to install.
 */
function controlled(registration: ServiceWorkerRegistration, scope: string): Promise<void> {
  const inScope = location.href.startsWith(scope);
  if (registration.active && (!inScope || registration.active.state === 'activated' || navigator.serviceWorker.controller)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (inScope && navigator.serviceWorker.controller) return resolve();
    const worker = registration.installing ?? registration.waiting ?? registration.active;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'redundant') reject(new Error('its install step failed'));
      else if (!inScope && worker.state === 'activated') resolve();
    });
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true });
  });
}

/**
 * A new worker version waits until this page is hidden before it takes over. Swapping
 * workers under a page that is in use could serve its later asset requests from a worker
 * with another configuration; once the page is hidden (tab switched, navigated away —
 * 'visibilitychange' fires in both cases and, unlike 'unload', reliably on mobile) the
 * visitor's next view starts cleanly with the new version. Nothing waiting: a no-op.
 */
function keepVersionsApart(wb: Workbox): void {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') wb.messageSkipWaiting();
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
  client?.stop();
  client = undefined;
  installing = undefined;
  const registrations = (await workers()?.getRegistrations()) ?? [];
  await Promise.all(registrations.filter((r) => r.scope === scope).map((r) => r.unregister()));
  await clearCaches();
  await destroyStore();
  for (const banner of document.querySelectorAll('bad-gateway-banner')) banner.remove();
}

async function clearCaches(): Promise<number> {
  if (typeof caches === 'undefined') return 0;
  let cleared = 0;
  for (const name of await caches.keys()) {
    if (!name.startsWith(CACHE_PREFIX)) continue;
    cleared += (await (await caches.open(name)).keys()).length;
    await caches.delete(name);
  }
  return cleared;
}

/** Deletes every saved copy (call it on sign-out, so no private page stays on the device); resolves with how many went. */
export async function clearCache(): Promise<number> {
  const reply = await ask<ClearReply>({ type: 'bad-gateway:clear-cache' });
  return reply ? reply.cleared : clearCaches();
}

export type { Incident };
