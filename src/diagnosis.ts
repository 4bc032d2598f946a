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

// Server header tokens of the common CDNs and proxies. Kept short on purpose: a name we
// do not know is simply not shown, and a name we show is never the raw header (which is
// attacker-influenced text from the network).
const GATEWAYS: readonly (readonly [RegExp, GatewayKind, string])[] = [
  [/cloudflare/i, 'cdn', 'Cloudflare'],
  [/cloudfront/i, 'cdn', 'CloudFront'],
  [/akamai/i, 'cdn', 'Akamai'],
  [/fastly/i, 'cdn', 'Fastly'],
  [/vercel/i, 'cdn', 'Vercel'],
  [/netlify/i, 'cdn', 'Netlify'],
  [/varnish/i, 'proxy', 'Varnish'],
  [/openresty/i, 'proxy', 'OpenResty'],
  [/nginx/i, 'proxy', 'nginx'],
  [/apache/i, 'proxy', 'Apache'],
  [/envoy/i, 'proxy', 'Envoy'],
  [/caddy/i, 'proxy', 'Caddy'],
];

/** Known gateway for a Server header value, or null. */
export function gatewayFromServer(server: string | null | undefined): { gateway: GatewayKind; name: string } | null {
  if (!server) return null;
  for (const [pattern, gateway, name] of GATEWAYS) if (pattern.test(server)) return { gateway, name };
  return null;
}

// Cloudflare's own 52x/530 codes: they name the CDN even when the Server header is missing.
// https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/
const isCloudflareCode = (status: number): boolean => (status >= 520 && status <= 527) || status === 530;
// Statuses a gateway produces about its upstream (RFC 9110 §15.6.3, §15.6.5, and Cloudflare's).
const UNREACHABLE = new Set([502, 520, 521, 522, 523, 525, 526, 530]);
const SLOW = new Set([504, 524]);

/** Explains a failure: whose side it is on, and which gateway spoke when we know it. */
export function diagnose(input: DiagnosisInput): Diagnosis {
  const status = typeof input.status === 'number' && Number.isInteger(input.status) && input.status > 0 ? input.status : null;
  const none: Diagnosis = { cause: 'unknown', gateway: null, gatewayName: null, reason: null, status };
  if (input.online === false || input.kind === 'offline') return { ...none, cause: 'offline' };
  if (input.kind === 'timeout') return { ...none, cause: 'timeout' };
  if (input.kind === 'network') return { ...none, cause: 'connection' };
  if (input.kind !== 'status') return none;

  let known = gatewayFromServer(input.server);
  if (!known && status !== null && isCloudflareCode(status)) known = { gateway: 'cdn', name: 'Cloudflare' };
  let reason: Diagnosis['reason'] = 'error';
  if (status !== null && UNREACHABLE.has(status)) reason = 'unreachable';
  else if (status !== null && SLOW.has(status)) reason = 'slow';
  else if (status === 503) reason = input.retryAfter ? 'maintenance' : 'unavailable';
  // A 502/504 always comes from some gateway, even one we cannot name.
  const gateway = known?.gateway ?? (reason === 'unreachable' || reason === 'slow' ? 'proxy' : null);
  return { cause: 'server', gateway, gatewayName: known?.name ?? null, reason, status };
}

const TIPS: Record<Cause, readonly Tip[]> = {
  // Server side: nothing on the visitor's machine can fix it, so no router or cookie advice.
  server: ['wait', 'statusPage', 'downCheck', 'later', 'contact'],
  unknown: ['wait', 'statusPage', 'downCheck', 'otherConnection', 'later'],
  offline: ['wifi', 'airplane', 'router', 'wait'],
  timeout: ['wait', 'statusPage', 'otherConnection', 'router', 'later'],
  connection: ['downCheck', 'router', 'otherConnection', 'proxy', 'vpn', 'dns', 'extensions', 'otherBrowser', 'contact'],
};

/** What the visitor can try for this diagnosis, most useful first. */
export function tipsFor(diagnosis: Pick<Diagnosis, 'cause'>): readonly Tip[] {
  return TIPS[diagnosis.cause];
}
