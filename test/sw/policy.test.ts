// The worker's pure rules, tested with plain values.
import { expect } from '@open-wc/testing';
import { PROBE_HEADER } from '../../core/protocol.js';
import { ageSeconds, isFallbackStatus, isHandled, isServable, shouldSave, staleIfError } from '../../core/policy.js';
import { DEFAULT_FALLBACK_STATUSES } from '../../core/worker-config.js';

const origin = 'https://shop.example';
const req = (over: Partial<{ url: string; method: string; mode: string; destination: string; headers: Headers }> = {}) =>
  ({ url: origin + '/news', method: 'GET', mode: 'navigate', destination: 'document', headers: new Headers(), ...over });
const res = (status: number, headers: Record<string, string> = {}, type = 'basic') => ({ status, type, headers: new Headers(headers) });

describe('isHandled', () => {
  it('takes same-origin GET navigations and style, script, image and font requests', () => {
    expect(isHandled(req(), origin)).to.equal(true);
    for (const destination of ['style', 'script', 'image', 'font']) {
      expect(isHandled(req({ mode: 'no-cors', destination }), origin), destination).to.equal(true);
    }
  });
  it('leaves alone every other method (HEAD health checks, POST forms), other origins and data requests', () => {
    expect(isHandled(req({ method: 'HEAD' }), origin)).to.equal(false);
    expect(isHandled(req({ method: 'POST' }), origin)).to.equal(false);
    expect(isHandled(req({ url: 'https://cdn.example/app.js', mode: 'no-cors', destination: 'script' }), origin)).to.equal(false);
    expect(isHandled(req({ mode: 'cors', destination: '' }), origin)).to.equal(false); // fetch() of data
    expect(isHandled(req({ mode: 'cors', destination: 'video' }), origin)).to.equal(false);
  });
  it('leaves alone probes, which must reach the network only', () => {
    expect(isHandled(req({ headers: new Headers({ [PROBE_HEADER]: '1' }) }), origin)).to.equal(false);
  });
});

describe('isFallbackStatus', () => {
  it('is true for gateway and CDN errors by default', () => {
    for (const s of [502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527, 530]) expect(isFallbackStatus(s, DEFAULT_FALLBACK_STATUSES), String(s)).to.equal(true);
  });
  it('is false for 500 unless configured, and never for 4xx or success', () => {
    expect(isFallbackStatus(500, DEFAULT_FALLBACK_STATUSES)).to.equal(false);
    expect(isFallbackStatus(500, [500, 502])).to.equal(true);
    expect(isFallbackStatus(404, [404, 502])).to.equal(false);
    expect(isFallbackStatus(429, [429])).to.equal(false);
    expect(isFallbackStatus(200, DEFAULT_FALLBACK_STATUSES)).to.equal(false);
  });
});

describe('staleIfError', () => {
  it('reads the seconds of stale-if-error among other directives', () => {
    expect(staleIfError('max-age=60, stale-if-error=86400')).to.equal(86400);
    expect(staleIfError('Stale-If-Error="30"')).to.equal(30);
    expect(staleIfError('stale-if-error=0,public')).to.equal(0);
  });
  it('is null when absent or malformed', () => {
    expect(staleIfError(null)).to.equal(null);
    expect(staleIfError('max-age=60')).to.equal(null);
    expect(staleIfError('stale-if-error')).to.equal(null);
    expect(staleIfError('x-stale-if-error=5')).to.equal(null);
  });
});

describe('shouldSave', () => {
  const max = 1000;
  it('saves a plain 200', () => expect(shouldSave(res(200), max)).to.equal(true));
  it('never saves error pages or other statuses', () => {
    for (const s of [203, 204, 206, 301, 304, 404, 500, 502, 503]) expect(shouldSave(res(s), max), String(s)).to.equal(false);
  });
  it('never saves opaque answers', () => {
    expect(shouldSave(res(0, {}, 'opaque'), max)).to.equal(false);
    expect(shouldSave(res(0, {}, 'opaqueredirect'), max)).to.equal(false);
  });
  it('honours no-store', () => {
    expect(shouldSave(res(200, { 'cache-control': 'private, no-store' }), max)).to.equal(false);
    expect(shouldSave(res(200, { 'cache-control': 'no-cache' }), max)).to.equal(true);
  });
  it('refuses what announces more than the entry limit', () => {
    expect(shouldSave(res(200, { 'content-length': '1001' }), max)).to.equal(false);
    expect(shouldSave(res(200, { 'content-length': '1000' }), max)).to.equal(true);
  });
});

describe('isServable and ageSeconds', () => {
  const now = 10_000_000;
  it('serves copies up to maxAge seconds old', () => {
    expect(isServable(now - 60_000, now, 60, null)).to.equal(true);
    expect(isServable(now - 60_001, now, 60, null)).to.equal(false);
  });
  it('lets stale-if-error narrow the window but never widen it', () => {
    expect(isServable(now - 20_000, now, 60, 10)).to.equal(false);
    expect(isServable(now - 5_000, now, 60, 10)).to.equal(true);
    expect(isServable(now - 100_000, now, 60, 3600)).to.equal(false);
  });
  it('serves nothing with maxAge 0', () => expect(isServable(now - 1, now, 0, null)).to.equal(false));
  it('counts whole seconds, never negative', () => {
    expect(ageSeconds(now - 2_999, now)).to.equal(2);
    expect(ageSeconds(now + 5_000, now)).to.equal(0);
  });
});
