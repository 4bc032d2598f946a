import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { CountdownController } from '../../components/bad-gateway-banner/countdown-controller.js';
import { en } from '../../components/bad-gateway-banner/strings/index.js';
import { FakeClock } from './fake-clock.js';

const countdown = (el: BadGatewayBanner) => el.shadowRoot!.querySelector('[part=countdown]')?.textContent!.trim() ?? null;

async function banner(clock: FakeClock, props: Partial<BadGatewayBanner>): Promise<BadGatewayBanner> {
  const el = document.createElement('bad-gateway-banner');
  el.clock = clock;
  Object.assign(el, { lang: 'en', kind: 'status', status: 503 }, props);
  await fixture(el);
  return el;
}

/** Advances the clock and lets the host render what the tick asked for. */
async function tick(clock: FakeClock, el: BadGatewayBanner, ms: number) {
  clock.tick(ms);
  await el.updateComplete;
}

describe('<bad-gateway-banner> countdown', () => {
  it('counts down to nextRetryAt once per second, then shows Checking… when the time is up', async () => {
    const clock = new FakeClock();
    const el = await banner(clock, { nextRetryAt: clock.now() + 3000 });
    expect(countdown(el)).to.equal('Trying again in 3 s');
    await tick(clock, el, 1000);
    expect(countdown(el)).to.equal('Trying again in 2 s');
    await tick(clock, el, 1000);
    expect(countdown(el)).to.equal('Trying again in 1 s');
    await tick(clock, el, 1000);
    expect(countdown(el)).to.equal(en.checking);
    expect(clock.pending, 'no timer once the time is up').to.equal(0);
  });

  it('changes the shown second exactly on the boundary, not on a drifting interval', async () => {
    const clock = new FakeClock();
    const el = await banner(clock, { nextRetryAt: clock.now() + 2500 });
    expect(countdown(el)).to.equal('Trying again in 3 s');
    await tick(clock, el, 499);
    expect(countdown(el)).to.equal('Trying again in 3 s');
    await tick(clock, el, 1);
    expect(countdown(el)).to.equal('Trying again in 2 s');
  });

  it('shows minutes as m:ss', async () => {
    const clock = new FakeClock();
    const el = await banner(clock, { nextRetryAt: clock.now() + 245_000 });
    expect(countdown(el)).to.equal('Trying again in 4:05');
    await tick(clock, el, 6000);
    expect(countdown(el)).to.equal('Trying again in 3:59');
  });

  it('shows Checking… while a check runs, whatever the countdown says', async () => {
    const clock = new FakeClock();
    const el = await banner(clock, { nextRetryAt: clock.now() + 30_000, checking: true });
    expect(countdown(el)).to.equal(en.checking);
  });

  it('shows nothing and runs no timer when no retry is scheduled', async () => {
    const clock = new FakeClock();
    const el = await banner(clock, { nextRetryAt: 0 });
    clock.tick(100); // lets the one-off announcement go out
    expect(countdown(el)).to.equal(null);
    expect(clock.pending).to.equal(0);
  });

  it('restarts when the page client schedules the next retry', async () => {
    const clock = new FakeClock();
    const el = await banner(clock, { nextRetryAt: clock.now() + 1000 });
    await tick(clock, el, 1000);
    expect(countdown(el)).to.equal(en.checking);
    el.nextRetryAt = clock.now() + 10_000;
    await el.updateComplete;
    expect(countdown(el)).to.equal('Trying again in 10 s');
    expect(clock.pending).to.equal(1);
  });

  it('stops ticking when removed from the page, and resumes when put back', async () => {
    const clock = new FakeClock();
    const el = await banner(clock, { nextRetryAt: clock.now() + 60_000 });
    clock.tick(100); // lets the one-off announcement go out
    expect(clock.pending).to.equal(1);
    const parent = el.parentNode!;
    el.remove();
    expect(clock.pending).to.equal(0);
    clock.tick(5000);
    parent.appendChild(el);
    expect(clock.pending).to.equal(1);
    await tick(clock, el, 1000);
    expect(countdown(el)).to.equal('Trying again in 54 s');
  });

  it('never ticks inside the live region, and keeps the ticking text out of the accessibility tree', async () => {
    const clock = new FakeClock();
    const el = await banner(clock, { nextRetryAt: clock.now() + 30_000 });
    const live = el.shadowRoot!.querySelector('[aria-live]')!;
    const shown = el.shadowRoot!.querySelector('[part=countdown]')!;
    expect(live.contains(shown)).to.equal(false);
    expect(shown.getAttribute('aria-hidden')).to.equal('true');
    // Screen readers get one steady sentence instead.
    expect(el.shadowRoot!.querySelector('.actions')!.textContent).to.contain(en.retryAuto);
  });
});

describe('CountdownController', () => {
  class Host extends LitElement {
    renders = 0;
    countdown = new CountdownController(this);
    override render() {
      this.renders++;
      return null;
    }
  }
  customElements.define('countdown-test-host', Host);

  it('asks its host to render once per second and not otherwise', async () => {
    const clock = new FakeClock();
    const host = document.createElement('countdown-test-host') as Host;
    host.countdown.clock = clock;
    await fixture(host);
    const before = host.renders;
    clock.tick(10_000);
    await host.updateComplete;
    expect(host.renders, 'no target, no renders').to.equal(before);
    host.countdown.set(clock.now() + 5000);
    for (let i = 0; i < 5; i++) {
      clock.tick(1000);
      await host.updateComplete;
    }
    expect(host.renders).to.equal(before + 5);
    expect(host.countdown.seconds).to.equal(0);
    expect(clock.pending).to.equal(0);
  });
});
