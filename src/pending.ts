// Whether a scope's next page has something to take in, known without IndexedDB.
/**
 * A synchronous hint, in localStorage, that the store holds something a scope's next page must
 * take in: an incident, a recovery to confirm, summaries to send. The controller sets it when it
 * writes those and clears it once they are taken care of, so a healthy page view knows without
 * opening IndexedDB (and without the code to) that there is nothing to do. Set too much, it
 * costs one load of the incident part, which tidies and clears it; unreadable, it counts as set.
 */
export const pendingKey = (scope: string) => 'bad-gateway:pending:' + scope;

export function isPending(scope: string): boolean {
  try {
    return localStorage.getItem(pendingKey(scope)) != null;
  } catch {
    return true;
  }
}

export function markPending(scope: string, pending: boolean): void {
  try {
    if (pending) localStorage.setItem(pendingKey(scope), '1');
    else localStorage.removeItem(pendingKey(scope));
  } catch { /* no web storage: isPending answers true */ }
}

