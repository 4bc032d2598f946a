// What a failed request means for the visitor, in terms the banner can put into words.
// Pure: the same facts always give the same diagnosis, so the page client (events,
// beacon) and the banner (text, tips) agree, and every case is testable without a network.
import type { Said } from './gateways.js';
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
  /** The known gateway the worker recognised in the failed answer (src/gateways.ts); only names of our table count. */
  gateway?: string | null;
  /** What that gateway's own error page said about the server. */
  said?: Said | '' | null;
  /** Milliseconds the failed answer took: a gateway that answers only after waiting gave up on a slow server. */
  waited?: number;
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

// Known gateways: display name, and how its Server header spells it, in the order they are
// looked for (OpenResty says "openresty", not "nginx"); the first six are CDNs. Kept short on
// purpose: a name we do not know is simply not shown, and a name we show is never the raw
// header (which is attacker-influenced text from the network).
const GATEWAYS = 'Cloudflare CloudFront Akamai Fastly Vercel Netlify Varnish OpenResty nginx Apache Envoy Caddy HAProxy Traefik AWS_ALB'.split(' ')
  .map((name) => name.replace('_', ' '));
const spelled = (name: string) => (name == 'AWS ALB' ? 'awselb' : name.toLowerCase());
const known = (i: number): { gateway: GatewayKind; name: string } | null => (i < 0 ? null : { gateway: i < 6 ? 'cdn' : 'proxy', name: GATEWAYS[i] });

/** Known gateway for a Server header value, or null. */
export function gatewayFromServer(server: string | null | undefined): { gateway: GatewayKind; name: string } | null {
  const header = String(server).toLowerCase();
  return known(GATEWAYS.findIndex((name) => header.includes(spelled(name))));
}

/** A gateway answer that came after this long was the gateway giving up on a server that did not answer. */
export const SLOW_ANSWER_MS = 3000;

// Statuses a gateway produces about its upstream (RFC 9110 §15.6.3, §15.6.5), with
// Cloudflare's own 52x/530 codes, which name the CDN even when the Server header is missing:
// https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/
const CLOUDFLARE = /^5(2[0-7]|30)$/;
const UNREACHABLE = /^5(02|2[0-356]|30)$/;
const SLOW = /^5[02]4$/;

/** Explains a failure: whose side it is on, and which gateway spoke when we know it. */
export function diagnose({ kind, status: code, server, retryAfter, online, gateway, said, waited }: DiagnosisInput): Diagnosis {
  const status = Number.isInteger(code) && code! > 0 ? code! : null;
  const d: Diagnosis = { cause: 'unknown', gateway: null, gatewayName: null, reason: null, status };
  if (online === false || kind == 'offline') d.cause = 'offline';
  else if (kind == 'timeout') d.cause = 'timeout';
  else if (kind == 'network') d.cause = 'connection';
  else if (kind == 'status') {
    const named = known(GATEWAYS.indexOf(gateway!)) ?? gatewayFromServer(server)
      ?? (CLOUDFLARE.test(status + '') ? known(0) : null);
    // A gateway's own error page says what happened; only a 503 with Retry-After that is not
    // such a page (Varnish adds Retry-After: 5 to its own) is the site announcing downtime.
    // An AWS load balancer's own 503 (Server: awselb) means no healthy target to send to:
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html#load-balancer-http-error-codes
    if (!said && named?.name == 'AWS ALB' && status == 503) said = 'unreachable';
    // A gateway that could not get an answer, and said so only after waiting, gave up on a
    // slow server rather than failing to connect (which is refused at once).
    const late = waited! >= SLOW_ANSWER_MS;
    const reason: Diagnosis['reason'] = said == 'failed' ? (late ? 'slow' : 'unreachable') : said
      || (UNREACHABLE.test(status + '') ? (late ? 'slow' : 'unreachable') : SLOW.test(status + '') ? 'slow'
        : status == 503 ? (retryAfter ? 'maintenance' : 'unavailable') : 'error');
    d.cause = 'server';
    d.reason = reason;
    // A 502/504 always comes from some gateway, even one we cannot name.
    d.gateway = named?.gateway ?? (reason == 'unreachable' || reason == 'slow' ? 'proxy' : null);
    d.gatewayName = named?.name ?? null;
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

/** How one hop on the way to the site fared. */
export type Hop = 'ok' | 'fail' | 'slow' | 'unknown';

// Your device, your connection, the site's gateway or CDN, the site's server: o ok, f failed,
// s too slow, u unknown. Offline: your connection. A failed connection while online: on the
// way to the site. A timeout: the site too slow. A gateway's answer: the gateway works, its
// server does not (or is too slow).
const PATHS: Record<Cause, string> = { offline: 'ofuu', connection: 'ofuu', timeout: 'oous', server: 'ooof', unknown: 'ouuu' };
const HOPS: Record<string, Hop> = { o: 'ok', f: 'fail', s: 'slow', u: 'unknown' };

/** The state of each hop of the request's path for this diagnosis: device, connection, gateway, server. */
export function pathOf(d: Pick<Diagnosis, 'cause' | 'reason'>): Hop[] {
  return [...(d.reason == 'slow' ? 'ooos' : PATHS[d.cause])].map((c) => HOPS[c]);
}
