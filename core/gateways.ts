// Which known gateway or CDN wrote a failed answer, and what its own error page says about
// the site's server. Pure: the worker runs it on a failed answer's headers and the first
// bytes of its body (see sw/failure.ts); only a name from this table and the verdict travel
// on, never the body itself. The Server header (Cloudflare, CloudFront, Akamai, Varnish,
// nginx, Apache, Envoy, Caddy, AWS ALB name themselves there) is read on the page
// (src/diagnosis.ts); this adds what only the worker sees. Where each answer is documented:
// - Fastly's own 503s: https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/synthetic-errors-in-vcl
//   ("first byte timeout": https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/bereq-first-byte-timeout)
// - Varnish's built-in vcl_backend_error page, "Backend fetch failed" with its own Retry-After: 5:
//   https://varnish-cache.org/docs/7.1/users-guide/vcl-built-in-code.html
// - HAProxy's built-in 503/504 pages: https://docs.haproxy.org/2.6/configuration.html#4-errorfile
// - Envoy's local replies: https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/response_code_details
// - Apache mod_proxy: 503 when it cannot connect, 502 "Error reading from remote server" on
//   an upstream timeout: https://httpd.apache.org/docs/2.4/mod/mod_proxy.html
// - Akamai's "Reference #<code>." strings (6 connect failed, 11 DNS failed, 97 connect
//   timeout, 1 read timeout): https://github.com/markSmurphy/akamai-error-lookup
// - Traefik's own errors are Go's bare status text: https://doc.traefik.io/traefik/getting-started/faq/

/**
 * What a gateway's own error page says: it could not reach the server, it gave up waiting,
 * or only that it got no answer ('failed': Varnish says "Backend fetch failed" for both;
 * how long it took tells them apart, see src/diagnosis.ts).
 */
export type Said = 'unreachable' | 'slow' | 'failed';

/** Bytes of a failed answer's body worth reading for a signature; error pages say it early. */
export const SIGNATURE_BYTES = 2048;

// Signatures in error bodies, most specific first (Fastly's pages are Varnish's, reworded).
const BODIES: [RegExp, string, Said?][] = [
  [/first byte timeout|between bytes timeout/, 'Fastly', 'slow'],
  [/Backend unavailable|All backends failed/, 'Fastly', 'unreachable'],
  [/Backend fetch failed/, 'Varnish', 'failed'],
  [/didn't respond in time/, 'HAProxy', 'slow'],
  [/No server is available to handle/, 'HAProxy', 'unreachable'],
  [/upstream request timeout/, 'Envoy', 'slow'],
  [/upstream connect error|no healthy upstream/, 'Envoy', 'unreachable'],
  [/Error reading from remote server/, 'Apache', 'slow'],
  [/temporarily unable to service your\s+request/, 'Apache', 'unreachable'],
  [/Reference #1\./, 'Akamai', 'slow'],
  [/Reference #(6|11|97)\./, 'Akamai', 'unreachable'],
  [/^(Bad Gateway|Service Unavailable|Gateway Timeout)\s*$/, 'Traefik'],
];

/**
 * The known gateway that wrote this failed answer, from the start of its body (at most SIGNATURE_BYTES), and what its error page says; null otherwise.
 */
export function identifyGateway(header: (name: string) => string | null | undefined, body = ''): { name: string; said?: Said } | null {
  body = body.slice(0, SIGNATURE_BYTES);
  const row = BODIES.find(([re]) => re.test(body));
  if (row) return row[2] ? { name: row[1], said: row[2] } : { name: row[1] };
  // Fastly sets no Server header of its own, but names its cache nodes (X-Served-By: cache-…).
  return /^cache-/.test(header('x-served-by') ?? '') ? { name: 'Fastly' } : null;
}
