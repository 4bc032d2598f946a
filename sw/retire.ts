// Set when the page client uninstalls. An unregistered worker lives on until its pages
// close; from then on it answers nothing (requests go to the network as with no worker) and
// saves nothing, so the caches uninstall() deletes stay deleted.
let retired = false;
const writing = new Set<Promise<unknown>>();

/** Keeps track of a cache write in progress, so that retiring can wait for it to land. */
export function tracked<T>(write: Promise<T>): Promise<T> {
  writing.add(write);
  const done = () => { writing.delete(write); };
  write.then(done, done);
  return write;
}

/** Resolves once the writes under way now have landed (so deleting after it deletes them too). */
export async function landed(): Promise<void> {
  await Promise.allSettled([...writing]);
}

/** Stops answering and saving; resolves once writes already under way have landed (they can then be deleted). */
export async function retire(): Promise<void> {
  retired = true;
  await landed();
}

export function isRetired(): boolean {
  return retired;
}
