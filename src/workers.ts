// The page's way to its service workers, where it has one.

/** navigator.serviceWorker, or undefined where reading it throws (sandboxed documents with an opaque origin). */
export function workers(): ServiceWorkerContainer | undefined {
  try {
    return navigator.serviceWorker;
  } catch {
    return undefined;
  }
}
