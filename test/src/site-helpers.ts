// Real sites behind the test server's gateway, and iframes that load their pages.
import { executeServerCommand } from '@web/test-runner-commands';
import { DB_NAME } from '../../core/protocol.js';

export interface Site {
  id: string;
  base: string;
  mode(mode: 'up' | 'down' | 'hang' | 'status' | 'reset' | 'short', status?: number, headers?: Record<string, string>): Promise<unknown>;
  counts(): Promise<Record<string, number>>;
  resetCounts(): Promise<unknown>;
  /** Drops every connection to the site before it is answered (no network), or stops doing so. */
  unreachable(on: boolean): Promise<unknown>;
  stop(): Promise<unknown>;
}

/** Starts a site; `inject(base)` is HTML put in every page's head. */
export async function startSite(inject: (base: string) => string = () => '', via: 'node' | 'nginx' = 'node'): Promise<Site> {
  const id = 'c-' + Math.random().toString(36).slice(2);
  const base = `/o/${id}/`;
  await executeServerCommand('site', { action: 'start', id, inject: inject(base), via });
  return {
    id,
    base,
    mode: (mode, status, headers) => executeServerCommand('site', { action: 'mode', id, mode, status, headers }),
    counts: () => executeServerCommand('site', { action: 'counts', id }) as Promise<Record<string, number>>,
    resetCounts: () => executeServerCommand('site', { action: 'resetCounts', id }),
    unreachable: (on) => executeServerCommand('site', { action: 'unreachable', id, on }),
    stop: () => executeServerCommand('site', { action: 'stop', id }),
  };
}

/** Loads `src` in a new iframe and resolves with it once loaded. */
export function frame(src: string): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  const loaded = new Promise<HTMLIFrameElement>((resolve) => iframe.addEventListener('load', () => resolve(iframe), { once: true }));
  iframe.src = src;
  document.body.append(iframe);
  return loaded;
}

/**
 * Unloads the iframe's page, then removes the iframe: unloading closes the page client's
 * IndexedDB connection at once, which merely removing the frame did not in Firefox (its open
 * connection then held up cleanUp()'s deleteDatabase past the afterEach timeout, under load).
 */
export async function closeFrame(iframe: HTMLIFrameElement | undefined): Promise<void> {
  if (!iframe) return;
  if (iframe.isConnected) {
    const blank = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
    iframe.src = 'about:blank';
    await blank;
  }
  iframe.remove();
}

/** The iframe's window, typed loosely: tests reach into the page the way its own scripts would. */
export const win = (iframe: HTMLIFrameElement) => iframe.contentWindow as Window & typeof globalThis & Record<string, any>;

/** Unregisters every worker whose scope is under `base`, and deletes the SDK's caches and its database. */
export async function cleanUp(base: string): Promise<void> {
  for (const r of await navigator.serviceWorker.getRegistrations()) {
    if (new URL(r.scope).pathname.startsWith(base)) await retire(r);
  }
  for (const name of await caches.keys()) if (name.startsWith('bad-gateway')) await caches.delete(name);
  await deleteDatabase(DB_NAME);
  // The page client's hints (incident-store.ts isPending, load-incident.ts keepBanner).
  for (const key of Object.keys(localStorage)) if (key.startsWith('bad-gateway:')) localStorage.removeItem(key);
}

/**
 * Unregisters `registration` the way uninstall() does: its worker is told first, so it stops
 * saving and lets the writes under way land (an unregistered worker lives on while it has
 * pages, and a write landing after the caches were deleted would bring one back).
 */
export async function retire(registration: ServiceWorkerRegistration): Promise<void> {
  const worker = registration.active;
  if (worker) {
    const channel = new MessageChannel();
    const replied = new Promise((resolve) => { channel.port1.onmessage = resolve; });
    worker.postMessage({ type: 'bad-gateway:uninstall' }, [channel.port2]);
    // A worker that is not ours (the removal worker, say) never answers.
    await Promise.race([replied, new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
  await registration.unregister();
}

/**
 * Deletes the IndexedDB database `name` and resolves once it is gone. Remove the frames that
 * use it first: their connections block the deletion until they close.
 */
export function deleteDatabase(name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = resolve;
    request.onerror = () => reject(request.error);
  });
}
