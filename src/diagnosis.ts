// What a failed request means for the visitor, in terms the banner can put into words.
// Pure: the same facts always give the same diagnosis, so the page client (events,
// beacon) and the banner (text, tips) agree, and every case is testable without a network.
import type { FailureKind } from './protocol.js';

/** Where the fault most likely is. 'unknown' when no failure was described. */
export type Cause = 'offline' | 'server' | 'timeout' | 'connection' | 'unknown';

/** What kind of middleman answered for the site: a CDN, or a reverse proxy / gateway. */
export type GatewayKind = 'cdn' | 'proxy';

export interface DiagnosisInput {
  /** What failed; 'offline' when the page knows the device is offline; '' when unknown. */
  kind?: FailureKind | 'offline' | '';
  /** HTTP status of the failed answer (kind 'status'). */
  status?: number;
  /** Server header of the failed answer. */
  server?: string | null;
  /** Raw Retry-After header of the failed answer, if any. */
  retryAfter?: string | null;
  /** navigator.onLine; `false` wins over any kind, because nothing else can be diagnosed offline. */
  online?: boolean;
}

export interface Diagnosis {
  cause: Cause;
  /** Which middleman answered, when the status or the Server header tells us. */
  gateway: GatewayKind | null;
  /** Display name of that middleman ('Cloudflare', 'nginx'), only ever from our own table. */
  gatewayName: string | null;
  /**
   * How the server-side failure reads: the gateway could not reach the origin ('unreachable'),
   * gave up waiting for it ('slow'), the site announced downtime with a 503 + Retry-After
   * ('maintenance'), said it is unavailable (503 alone), or failed by itself ('error').
   * null for every cause other than 'server'.
   */
  reason: 'unreachable' | 'slow' | 'maintenance' | 'unavailable' | 'error' | null;
  status: number | null;
}

/** Things a visitor can try; the banner shows each as its string `tip<Name>` (tipWait, tipDns, ...). */
export type Tip =
  | 'wait' | 'later' | 'statusPage' | 'downCheck' | 'contact'
  | 'wifi' | 'airplane'
  | 'router' | 'otherConnection' | 'proxy' | 'vpn' | 'dns' | 'extensions' | 'otherBrowser';

// Names of the common CDNs (the first six) and proxies, as their Server headers spell them,
// in the order they are looked for (OpenResty says "openresty", not "nginx"). Kept short on
// purpose: a name we do not know is simply not shown, and a name we show is never the raw
// header (which is attacker-influenced text from the network).
const GATEWAYS = 'Cloudflare CloudFront Akamai Fastly Vercel Netlify Varnish OpenResty nginx Apache Envoy Caddy'.split(' ');

/** Known gateway for a Server header value, or null. */
export function gatewayFromServer(server: string | null | undefined): { gateway: GatewayKind; name: string } | null {
  const header = String(server).toLowerCase();
  const i = GATEWAYS.findIndex((name) => header.includes(name.toLowerCase()));
  return i < 0 ? null : { gateway: i < 6 ? 'cdn' : 'proxy', name: GATEWAYS[i] };
}

// Statuses a gateway produces about its upstream (RFC 9110 §15.6.3, §15.6.5), with
// Cloudflare's own 52x/530 codes, which name the CDN even when the Server header is missing:
// https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/
const CLOUDFLARE = /^5(2[0-7]|30)$/;
const UNREACHABLE = /^5(02|2[0-356]|30)$/;
const SLOW = /^5[02]4$/;

/** Explains a failure: whose side it is on, and which gateway spoke when we know it. */
export function diagnose({ kind, status: code, server, retryAfter, online }: DiagnosisInput): Diagnosis {
  const status = Number.isInteger(code) && code! > 0 ? code! : null;
  const d: Diagnosis = { cause: 'unknown', gateway: null, gatewayName: null, reason: null, status };
  if (online === false || kind == 'offline') d.cause = 'offline';
  else if (kind == 'timeout') d.cause = 'timeout';
  else if (kind == 'network') d.cause = 'connection';
  else if (kind == 'status') {
    const known = gatewayFromServer(server) ?? (CLOUDFLARE.test(status + '') ? { gateway: 'cdn', name: 'Cloudflare' } : null);
    const reason = UNREACHABLE.test(status + '') ? 'unreachable' : SLOW.test(status + '') ? 'slow'
      : status == 503 ? (retryAfter ? 'maintenance' : 'unavailable') : 'error';
    d.cause = 'server';
    d.reason = reason;
    // A 502/504 always comes from some gateway, even one we cannot name.
    d.gateway = known?.gateway ?? (reason == 'unreachable' || reason == 'slow' ? 'proxy' : null);
    d.gatewayName = known?.name ?? null;
  }
  return d;
}

// Server side: nothing on the visitor's machine can fix it, so no router or cookie advice.
const TIPS: Record<Cause, string> = {
  server: 'wait statusPage downCheck later contact',
  unknown: 'wait statusPage downCheck otherConnection later',
  offline: 'wifi airplane router wait',
  timeout: 'wait statusPage otherConnection router later',
  connection: 'downCheck router otherConnection proxy vpn dns extensions otherBrowser contact',
};

/** What the visitor can try for this diagnosis, most useful first. */
export function tipsFor(diagnosis: Pick<Diagnosis, 'cause'>): readonly Tip[] {
  return TIPS[diagnosis.cause].split(' ') as Tip[];
}
