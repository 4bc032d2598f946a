// Put in front of every browser test file by test/servers/isolation-plugin.mjs: the file must
// find the browser clean and leave it clean — no service-worker registration, cache,
// IndexedDB database, frame (its page would keep a page client, its BroadcastChannel and its
// timers alive), Web Lock held or waited for (a health check in progress), or web storage.
// Files share one browser profile, so anything left would change what a later file sees:
// with this, file order cannot matter.

/** What the browser holds for this origin that a test file could have left behind. */
async function leftovers(): Promise<string[]> {
  const found: string[] = [];
  const registrations = await navigator.serviceWorker.getRegistrations();
  if (registrations.length) found.push(`service workers: ${registrations.map((r) => r.scope).join(' ')}`);
  const names = await caches.keys();
  if (names.length) found.push(`caches: ${names.join(' ')}`);
  // indexedDB.databases() exists in all three engines run here (Firefox since 126).
  const databases = (await indexedDB.databases?.()) ?? [];
  if (databases.length) found.push(`IndexedDB databases: ${databases.map((d) => d.name).join(' ')}`);
  const frames = document.querySelectorAll('iframe, frame, object, embed');
  if (frames.length) found.push(`${frames.length} frame(s): ${[...frames].map((f) => (f as HTMLIFrameElement).src).join(' ')}`);
  const locks = await navigator.locks?.query();
  const busy = [...(locks?.held ?? []), ...(locks?.pending ?? [])];
  if (busy.length) found.push(`Web Locks: ${busy.map((l) => l.name).join(' ')}`);
  if (localStorage.length || sessionStorage.length) found.push('web storage');
  return found;
}

/** Removes whatever `leftovers` lists, so that one file's leak fails that file only. */
async function sweep(): Promise<void> {
  document.querySelectorAll('iframe, frame, object, embed').forEach((f) => f.remove());
  for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  for (const name of await caches.keys()) await caches.delete(name);
  for (const { name } of (await indexedDB.databases?.()) ?? []) {
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(name!);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
  }
  localStorage.clear();
  sessionStorage.clear();
}

async function expectClean(when: string): Promise<void> {
  const found = await leftovers();
  if (!found.length) return;
  await sweep();
  throw new Error(`${when}: ${found.join('; ')}`);
}

before('the browser is clean when this file starts', () => expectClean('left behind by an earlier test file'));

// Registered once the test file's own top-level code has run (this module is evaluated just
// before it, and the runner starts mocha in the continuation of its import), so this hook
// runs after the file's own root-level after() hooks, once all its cleanup is done.
queueMicrotask(() => after('the file leaves the browser clean', () => expectClean('this test file left behind')));
