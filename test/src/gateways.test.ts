// A true diagnosis behind every common gateway. nginx, Apache httpd, HAProxy, Varnish and
// Caddy are run for real in test/e2e/gateways.test.mjs; the others are held here to their
// documented answers (each case links where that answer is documented).
import { expect } from '@open-wc/testing';
import { diagnose } from '../../core/diagnosis.js';
import { identifyGateway } from '../../core/gateways.js';

/** What the banner concludes from one gateway answer, as the worker and the page see it. */
function conclude(status: number, headers: Record<string, string>, body = '', waited = 20) {
  const h = new Headers(headers);
  const known = identifyGateway((name) => h.get(name), body);
  const d = diagnose({ kind: 'status', status, server: h.get('server'), retryAfter: h.get('retry-after'), gateway: known?.name, said: known?.said, waited, online: true });
  return { cause: d.cause, reason: d.reason, name: d.gatewayName, gateway: d.gateway };
}

describe('diagnosis behind documented gateways', () => {
  it('Cloudflare: 521/522/523 could not reach, 524 too slow, named without a Server header too', () => {
    // https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/
    expect(conclude(521, { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f-LHR' })).to.include({ reason: 'unreachable', name: 'Cloudflare', gateway: 'cdn' });
    expect(conclude(522, {})).to.include({ reason: 'unreachable', name: 'Cloudflare' });
    expect(conclude(524, { server: 'cloudflare' })).to.include({ reason: 'slow', name: 'Cloudflare' });
  });

  it('CloudFront: 502 could not connect to the origin, 504 the origin did not answer in time', () => {
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/troubleshooting-response-errors.html
    const cf = { server: 'CloudFront', 'x-cache': 'Error from cloudfront', 'x-amz-cf-id': 'abc==' };
    expect(conclude(502, cf, '<H1>502 ERROR</H1><H2>The request could not be satisfied.</H2>')).to.include({ reason: 'unreachable', name: 'CloudFront', gateway: 'cdn' });
    expect(conclude(504, cf)).to.include({ reason: 'slow', name: 'CloudFront' });
  });

  it('Fastly: its own 503s say "first byte timeout" (too slow) or that the backend is unavailable, named by X-Served-By', () => {
    // https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/synthetic-errors-in-vcl
    // https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/bereq-first-byte-timeout
    const fastly = { 'x-served-by': 'cache-lcy19248-LCY', via: '1.1 varnish', 'retry-after': '0' };
    expect(conclude(503, fastly, '<title>503 first byte timeout</title> Guru Mediation: Varnish cache server')).to.include({ reason: 'slow', name: 'Fastly', gateway: 'cdn' });
    expect(conclude(503, fastly, 'Error 503 Backend unavailable, connection failed')).to.include({ reason: 'unreachable', name: 'Fastly' });
    expect(conclude(503, fastly, ''), 'named even with no body to read').to.include({ name: 'Fastly' });
  });

  it('Akamai: AkamaiGHost, and its Reference # code tells connect failures from read timeouts', () => {
    // https://github.com/markSmurphy/akamai-error-lookup (decodes Akamai's "Reference #" error strings)
    const ak = { server: 'AkamaiGHost' };
    expect(conclude(503, ak, 'An error occurred while processing your request.<p>Reference #97.1a367a5c.1682326636.11af6a39')).to.include({ reason: 'unreachable', name: 'Akamai', gateway: 'cdn' });
    expect(conclude(504, ak, 'Reference #1.5f3a1c17.1682326636.2b')).to.include({ reason: 'slow', name: 'Akamai' });
    expect(conclude(503, { ...ak, 'retry-after': '60' }, 'Reference #6.9.1.2'), 'not a maintenance announcement').to.include({ reason: 'unreachable' });
  });

  it('AWS ALB: 502 from the target, 503 no healthy target, 504 the target timed out', () => {
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html#load-balancer-http-error-codes
    const alb = { server: 'awselb/2.0' };
    expect(conclude(502, alb, '<center><h1>502 Bad Gateway</h1></center>')).to.include({ reason: 'unreachable', name: 'AWS ALB', gateway: 'proxy' });
    expect(conclude(503, alb, '<center><h1>503 Service Temporarily Unavailable</h1></center>')).to.include({ reason: 'unreachable', name: 'AWS ALB' });
    expect(conclude(504, alb)).to.include({ reason: 'slow', name: 'AWS ALB' });
  });

  it('Envoy: "upstream connect error" / "no healthy upstream" could not reach, "upstream request timeout" too slow', () => {
    // https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/response_code_details
    const envoy = { server: 'envoy', 'content-type': 'text/plain' };
    expect(conclude(503, envoy, 'upstream connect error or disconnect/reset before headers. reset reason: connection failure')).to.include({ reason: 'unreachable', name: 'Envoy' });
    expect(conclude(503, envoy, 'no healthy upstream')).to.include({ reason: 'unreachable', name: 'Envoy' });
    expect(conclude(504, envoy, 'upstream request timeout')).to.include({ reason: 'slow', name: 'Envoy' });
  });

  it('Traefik: its own bare status text, no Server header', () => {
    // https://doc.traefik.io/traefik/getting-started/faq/
    expect(conclude(502, { 'content-type': 'text/plain; charset=utf-8' }, 'Bad Gateway')).to.include({ reason: 'unreachable', name: 'Traefik', gateway: 'proxy' });
    expect(conclude(504, {}, 'Gateway Timeout')).to.include({ reason: 'slow', name: 'Traefik' });
    expect(conclude(503, {}, 'Service Unavailable')).to.include({ name: 'Traefik' });
  });

  it('a gateway’s own Retry-After is not the site announcing downtime; the site’s own 503 + Retry-After is', () => {
    // Varnish's built-in error page: https://varnish-cache.org/docs/7.1/users-guide/vcl-built-in-code.html
    const varnish = { server: 'Varnish', 'retry-after': '5', 'x-varnish': '32770' };
    expect(conclude(503, varnish, '<h1>Error 503 Backend fetch failed</h1><p>Backend fetch failed</p><h3>Guru Meditation:</h3>')).to.include({ reason: 'unreachable', name: 'Varnish' });
    expect(conclude(503, varnish, 'Backend fetch failed', 4000), 'answered only after waiting').to.include({ reason: 'slow' });
    expect(conclude(503, { server: 'nginx', 'retry-after': '120' }, '<h1>Down for maintenance until 14:00</h1>')).to.include({ reason: 'maintenance', name: 'nginx' });
  });

  it('reads only the start of a body, and names only gateways it knows', () => {
    expect(identifyGateway(() => null, 'x'.repeat(5000) + 'Backend fetch failed')).to.equal(null);
    expect(identifyGateway(() => null, '<h1>Our own error page</h1>')).to.equal(null);
    expect(diagnose({ kind: 'status', status: 502, gateway: '<img src=x onerror=alert(1)>' }).gatewayName).to.equal(null);
  });
});
