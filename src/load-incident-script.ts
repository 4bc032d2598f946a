// The script tag's way to get the incident part (it replaces load-incident.ts in
// dist/bad-gateway.min.js): the banner file that sits next to the script's own file, wherever
// that is served from (the site, a CDN), added as a classic script once there is something
// to handle. That file is src/incident.ts built as an IIFE: it defines <bad-gateway-banner>
// and leaves the rest in the global INCIDENT_GLOBAL. The worker keeps it with the script at
// install (sw/precache.ts).
import type { IncidentPart } from './load-incident.js';
import { bannerFile, INCIDENT_GLOBAL } from '../core/worker-config.js';

// Only valid while this script first runs (HTML "currentScript"), so read it now.
const own = document.currentScript as HTMLScriptElement | null;
let loading: Promise<IncidentPart> | undefined;
const part = () => (window as unknown as Record<string, IncidentPart | undefined>)[INCIDENT_GLOBAL];

/** The incident part, <bad-gateway-banner> defined; rejects when its file cannot be fetched (offline, never saved). A later call tries again. */
export function loadIncident(): Promise<IncidentPart> {
  return (loading ??= new Promise<IncidentPart>((resolve, reject) => {
    // Loaded already: by a page that placed <bad-gateway-banner> and its file itself.
    if (part()) return resolve(part()!);
    if (!own?.src) throw Error('bad-gateway: no script URL to find the banner file next to');
    const script = document.createElement('script');
    script.src = bannerFile(own.src);
    // A nonce-based Content-Security-Policy lets the file in as it let this script.
    script.nonce = own.nonce ?? '';
    const failed = () => {
      script.remove();
      reject(Error(`bad-gateway: could not load ${script.src}`));
    };
    // A file of another version, without the incident part, counts as not loaded.
    script.onload = () => (part() ? resolve(part()!) : failed());
    script.onerror = failed;
    document.head.append(script);
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  }));
}

/** Nothing to do for the script tag: the worker keeps its banner file at install (sw/precache.ts). */
export const keepBanner = (): Promise<boolean> => Promise.resolve(false);
