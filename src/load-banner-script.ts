// The script tag's way to get <bad-gateway-banner> (it replaces load-banner.ts in
// dist/bad-gateway.min.js): the banner file that sits next to the script's own file, wherever
// that is served from (the site, a CDN), added as a classic script once there is something
// to show. The worker keeps that file with the script at install (sw/precache.ts).
import { bannerFile } from './worker-config.js';

// Only valid while this script first runs (HTML "currentScript"), so read it now.
const own = document.currentScript as HTMLScriptElement | null;
let loading: Promise<unknown> | undefined;

/** Defines <bad-gateway-banner>; rejects when its file cannot be fetched (offline, never saved). A later call tries again. */
export function loadBanner(): Promise<unknown> {
  return (loading ??= new Promise((resolve, reject) => {
    if (!own?.src) throw Error('bad-gateway: no script URL to find the banner file next to');
    const script = document.createElement('script');
    script.src = bannerFile(own.src);
    // A nonce-based Content-Security-Policy lets the file in as it let this script.
    script.nonce = own.nonce ?? '';
    script.onload = resolve;
    script.onerror = () => {
      script.remove();
      reject(Error(`bad-gateway: could not load ${script.src}`));
    };
    document.head.append(script);
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  }));
}

/** Nothing to do for the script tag: the worker keeps its banner file at install (sw/precache.ts). */
export const keepBanner = async (): Promise<boolean> => false;
