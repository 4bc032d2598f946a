import { expect } from '@open-wc/testing';
import { DEFAULT_RETRY, nextDelay, parseRetryAfter, type RetryPolicy } from '../../src/retry-schedule.js';

const policy: RetryPolicy = { initialDelay: 1000, factor: 2, minDelay: 100, maxDelay: 10000, jitter: 'none', maxRetryAfter: 60000 };
const top = () => 0.999999;

describe('nextDelay', () => {
  it('doubles from initialDelay and stops at maxDelay', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => nextDelay(a, policy, Math.random))).to.deep.equal([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it('with full jitter draws between minDelay and the backoff value', () => {
    const full = { ...policy, jitter: 'full' as const };
    expect(nextDelay(3, full, () => 0.5)).to.equal(4050);
    expect(nextDelay(3, full, top)).to.equal(7999);
    expect(nextDelay(3, full, () => 0)).to.equal(100);
    expect(nextDelay(20, full, top)).to.equal(9999);
  });

  it('spreads a crowd evenly instead of piling it onto the floor', () => {
    // 1,000 visitors with evenly spread random draws, first retry under the default policy.
    const delays = Array.from({ length: 1000 }, (_, i) => nextDelay(0, DEFAULT_RETRY, () => i / 1000));
    expect(delays.filter((d) => d === DEFAULT_RETRY.minDelay).length).to.equal(1);
    const perSecond = new Map<number, number>();
    for (const d of delays) perSecond.set(Math.floor(d / 1000), (perSecond.get(Math.floor(d / 1000)) ?? 0) + 1);
    // Between 2 s and 5 s: about a third of the crowd per second, never most of it.
    expect(Math.max(...perSecond.values())).to.be.below(400);
  });

  it('honours Retry-After over a shorter backoff, capped at maxRetryAfter', () => {
    expect(nextDelay(0, policy, top, 30000)).to.equal(30000);
    expect(nextDelay(0, policy, top, 3600000)).to.equal(60000);
    // A Retry-After shorter than the backoff does not make us check sooner than planned.
    expect(nextDelay(3, policy, top, 10)).to.equal(8000);
  });

  it('has defaults that start within seconds and end within minutes', () => {
    const first = nextDelay(0, DEFAULT_RETRY, top);
    const late = nextDelay(30, DEFAULT_RETRY, top);
    expect(first).to.be.within(2000, 5000);
    expect(late).to.be.within(60000, 300000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).to.equal(120000);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
  });
  it('reads an HTTP-date, relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:01:30 GMT', now)).to.equal(90000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 12:00:00 GMT', now)).to.equal(0);
  });
  it('returns null for missing or malformed values', () => {
    for (const bad of [null, undefined, '', '  ', '-5', '1.5', '5 minutes', 'soon', '2025-01-01', 'Wed, 99 Foo 2025 xx GMT']) {
      expect(parseRetryAfter(bad, now), String(bad)).to.equal(null);
    }
  });
});
