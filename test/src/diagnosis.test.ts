import { expect } from '@open-wc/testing';
import { diagnose, gatewayFromServer, pathOf, tipsFor, type Tip } from '../../core/diagnosis.js';

describe('diagnose', () => {
  it('calls it offline when the browser is offline, whatever else failed', () => {
    expect(diagnose({ kind: 'offline' }).cause).to.equal('offline');
    expect(diagnose({ kind: 'status', status: 502, server: 'cloudflare', online: false })).to.deep.equal({
      cause: 'offline', gateway: null, gatewayName: null, reason: null, status: 502,
    });
    expect(diagnose({ kind: 'network', online: false }).cause).to.equal('offline');
  });

  it('tells a slow site from a failed connection while the network is up', () => {
    expect(diagnose({ kind: 'timeout', online: true }).cause).to.equal('timeout');
    expect(diagnose({ kind: 'network', online: true }).cause).to.equal('connection');
  });

  it('puts gateway statuses on the server side and names a known CDN from the Server header', () => {
    expect(diagnose({ kind: 'status', status: 502, server: 'cloudflare', online: true })).to.deep.equal({
      cause: 'server', gateway: 'cdn', gatewayName: 'Cloudflare', reason: 'unreachable', status: 502,
    });
    expect(diagnose({ kind: 'status', status: 504, server: 'CloudFront' })).to.include({ gateway: 'cdn', gatewayName: 'CloudFront', reason: 'slow' });
    expect(diagnose({ kind: 'status', status: 502, server: 'AkamaiGHost' })).to.include({ gateway: 'cdn', gatewayName: 'Akamai' });
  });

  it('names reverse proxies as the site’s gateway', () => {
    expect(diagnose({ kind: 'status', status: 502, server: 'nginx/1.22.1' })).to.include({ gateway: 'proxy', gatewayName: 'nginx', reason: 'unreachable' });
    expect(diagnose({ kind: 'status', status: 504, server: 'Apache/2.4.57 (Debian)' })).to.include({ gateway: 'proxy', gatewayName: 'Apache', reason: 'slow' });
    expect(diagnose({ kind: 'status', status: 503, server: 'envoy' })).to.include({ gatewayName: 'Envoy' });
    expect(diagnose({ kind: 'status', status: 502, server: 'openresty' })).to.include({ gatewayName: 'OpenResty' });
  });

  it('knows a 502/504 came from some gateway even when it cannot name it', () => {
    expect(diagnose({ kind: 'status', status: 502 })).to.include({ cause: 'server', gateway: 'proxy', gatewayName: null, reason: 'unreachable' });
    expect(diagnose({ kind: 'status', status: 504, server: 'MyCustomServer' })).to.include({ gateway: 'proxy', gatewayName: null, reason: 'slow' });
  });

  it('recognises Cloudflare’s own 52x and 530 codes without a Server header', () => {
    for (const status of [520, 521, 522, 523, 525, 526, 530]) {
      expect(diagnose({ kind: 'status', status }), String(status)).to.include({ cause: 'server', gateway: 'cdn', gatewayName: 'Cloudflare', reason: 'unreachable' });
    }
    expect(diagnose({ kind: 'status', status: 524 })).to.include({ gatewayName: 'Cloudflare', reason: 'slow' });
  });

  it('reads a 503 with Retry-After as maintenance or overload, and without it as unavailable', () => {
    expect(diagnose({ kind: 'status', status: 503, retryAfter: '120' })).to.include({ cause: 'server', reason: 'maintenance', gateway: null });
    expect(diagnose({ kind: 'status', status: 503 })).to.include({ cause: 'server', reason: 'unavailable' });
  });

  it('treats other 5xx as the site’s own error, with no gateway to blame', () => {
    expect(diagnose({ kind: 'status', status: 500, server: 'gunicorn' })).to.include({ cause: 'server', reason: 'error', gateway: null, gatewayName: null });
  });

  it('never passes the raw Server header through as a name', () => {
    const hostile = '<img src=x onerror=alert(1)> nginx';
    expect(diagnose({ kind: 'status', status: 502, server: hostile }).gatewayName).to.equal('nginx');
    expect(gatewayFromServer('<b>evil</b>')).to.equal(null);
    expect(gatewayFromServer('')).to.equal(null);
    expect(gatewayFromServer(null)).to.equal(null);
  });

  it('says "unknown" when no failure was described, and ignores a nonsense status', () => {
    expect(diagnose({})).to.deep.equal({ cause: 'unknown', gateway: null, gatewayName: null, reason: null, status: null });
    expect(diagnose({ kind: '' , status: -3 }).status).to.equal(null);
    expect(diagnose({ kind: 'status', status: Number.NaN })).to.include({ cause: 'server', status: null, reason: 'error' });
  });
});

describe('tipsFor', () => {
  const routerAndCookies: Tip[] = ['router', 'proxy', 'vpn', 'dns', 'extensions', 'otherBrowser', 'wifi', 'airplane'];

  it('never sends the visitor to fix their side for a server-side problem', () => {
    const tips = tipsFor({ cause: 'server' });
    expect(tips).to.include.members(['wait', 'statusPage', 'later', 'contact']);
    for (const tip of routerAndCookies) expect(tips).not.to.include(tip);
  });

  it('lists router, other connection, proxy, VPN, DNS, extensions and another browser for a failed connection', () => {
    expect(tipsFor({ cause: 'connection' })).to.include.members(['router', 'otherConnection', 'proxy', 'vpn', 'dns', 'extensions', 'otherBrowser']);
  });

  it('starts with Wi-Fi and airplane mode when offline', () => {
    expect(tipsFor({ cause: 'offline' }).slice(0, 2)).to.deep.equal(['wifi', 'airplane']);
  });

  it('mixes waiting with checking the connection for a timeout', () => {
    expect(tipsFor({ cause: 'timeout' })).to.include.members(['wait', 'otherConnection']);
  });
});

describe('pathOf (where it broke)', () => {
  const path = (input: Parameters<typeof diagnose>[0]) => pathOf(diagnose(input));
  it('offline: your connection; a failed connection: on the way to the site', () => {
    expect(path({ kind: 'offline' })).to.deep.equal(['ok', 'fail', 'unknown', 'unknown']);
    expect(path({ kind: 'network', online: true })).to.deep.equal(['ok', 'fail', 'unknown', 'unknown']);
  });
  it('a gateway’s answer: the gateway works, its server failed or was too slow', () => {
    expect(path({ kind: 'status', status: 502, server: 'nginx' })).to.deep.equal(['ok', 'ok', 'ok', 'fail']);
    expect(path({ kind: 'status', status: 503, retryAfter: '120' })).to.deep.equal(['ok', 'ok', 'ok', 'fail']);
    expect(path({ kind: 'status', status: 504 })).to.deep.equal(['ok', 'ok', 'ok', 'slow']);
  });
  it('a timeout: the site too slow; nothing known: only your device', () => {
    expect(path({ kind: 'timeout', online: true })).to.deep.equal(['ok', 'ok', 'unknown', 'slow']);
    expect(path({})).to.deep.equal(['ok', 'unknown', 'unknown', 'unknown']);
  });
});

describe('what a gateway said, and how long it took', () => {
  it('trusts the gateway’s own page over its status and Retry-After', () => {
    expect(diagnose({ kind: 'status', status: 503, retryAfter: '5', gateway: 'Varnish', said: 'failed', waited: 10 })).to.include({ reason: 'unreachable', gatewayName: 'Varnish' });
    expect(diagnose({ kind: 'status', status: 502, gateway: 'Apache', said: 'slow' })).to.include({ reason: 'slow', gatewayName: 'Apache' });
    expect(diagnose({ kind: 'status', status: 503, gateway: 'HAProxy', said: 'unreachable', waited: 3007 }), 'its retries took 3 s').to.include({ reason: 'unreachable' });
  });
  it('a gateway that could not get an answer and said so late gave up waiting', () => {
    expect(diagnose({ kind: 'status', status: 503, said: 'failed', gateway: 'Varnish', waited: 4000 })).to.include({ reason: 'slow' });
    expect(diagnose({ kind: 'status', status: 502, server: 'nginx', waited: 30000 })).to.include({ reason: 'slow' });
    expect(diagnose({ kind: 'status', status: 502, server: 'nginx', waited: 40 })).to.include({ reason: 'unreachable' });
  });
});
