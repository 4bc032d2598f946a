import { expect, fixture, html } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { FakeClock } from './fake-clock.js';

const fixtures = `${location.origin}/test/fixtures/status/`;

async function banner(props: Partial<BadGatewayBanner>, style = ''): Promise<BadGatewayBanner> {
  const el = document.createElement('bad-gateway-banner');
  const clock = new FakeClock();
  el.clock = clock;
  el.setAttribute('style', style);
  Object.assign(el, { lang: 'en' }, props);
  await fixture(el);
  await el.statusLoaded;
  await el.updateComplete;
  return el;
}

const part = (el: BadGatewayBanner, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

describe('theming', () => {
  it('puts a part on every structural element', async () => {
    const clock = new FakeClock();
    const el = await banner({
      kind: 'status', status: 502, served: 'copy', savedAt: clock.now() - 60_000, nextRetryAt: clock.now() + 9000,
      statusPage: fixtures + 'incident/', downCheckers: true, url: 'https://shop.example/',
    });
    for (const name of ['base', 'icon', 'message', 'title', 'detail', 'code', 'saved', 'actions', 'retry-button', 'countdown', 'dismiss-button', 'links', 'status', 'tips']) {
      expect(part(el, name), name).to.exist;
    }
    el.recovered = true;
    await el.updateComplete;
    expect(part(el, 'reload-button')).to.exist;
  });

  it('takes its colours, font and radius from CSS custom properties', async () => {
    const el = await banner({ kind: 'network' },
      '--bad-gateway-background: rgb(1, 2, 3); --bad-gateway-color: rgb(250, 251, 252); --bad-gateway-accent: rgb(10, 20, 30); --bad-gateway-radius: 3px; --bad-gateway-font: monospace');
    const base = getComputedStyle(part(el, 'base')!);
    expect(base.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(base.color).to.equal('rgb(250, 251, 252)');
    expect(base.borderTopLeftRadius).to.equal('3px');
    expect(base.fontFamily).to.equal('monospace');
    expect(getComputedStyle(part(el, 'retry-button')!).backgroundColor).to.equal('rgb(10, 20, 30)');
  });

  it('can be styled from the page through ::part', async () => {
    const style = document.createElement('style');
    style.textContent = 'bad-gateway-banner::part(title) { letter-spacing: 3px } bad-gateway-banner::part(retry-button) { text-transform: uppercase }';
    document.head.append(style);
    try {
      const el = await banner({ kind: 'network' });
      expect(getComputedStyle(part(el, 'title')!).letterSpacing).to.equal('3px');
      expect(getComputedStyle(part(el, 'retry-button')!).textTransform).to.equal('uppercase');
    } finally {
      style.remove();
    }
  });

  it('shows the site’s own message from the default slot', async () => {
    const el = await fixture<BadGatewayBanner>(html`<bad-gateway-banner lang="en" kind="network"><p id="own">Orders placed now are kept safe.</p></bad-gateway-banner>`);
    const slot = el.shadowRoot!.querySelector('slot:not([name])') as HTMLSlotElement;
    expect(slot.assignedElements()).to.deep.equal([el.querySelector('#own')]);
    expect(el.querySelector<HTMLElement>('#own')!.offsetHeight).to.be.greaterThan(0);
  });
});

describe('placement', () => {
  async function page() {
    const wrap = await fixture<HTMLElement>(html`<div><h1 id="content" style="margin:0">Today’s news</h1><p>Body text.</p></div>`);
    return { wrap, content: wrap.querySelector<HTMLElement>('#content')! };
  }

  for (const position of ['top', 'bottom'] as const) {
    it(`floats at the ${position} without moving the page content`, async () => {
      const { wrap, content } = await page();
      const before = content.getBoundingClientRect().toJSON();
      const el = document.createElement('bad-gateway-banner');
      Object.assign(el, { lang: 'en', kind: 'network', position });
      wrap.prepend(el);
      await el.updateComplete;
      expect(content.getBoundingClientRect().toJSON()).to.deep.equal(before);
      expect(getComputedStyle(el).position).to.equal('fixed');
      const card = el.shadowRoot!.querySelector('[part=base]')!.getBoundingClientRect();
      if (position === 'top') expect(card.top).to.be.within(0, 40);
      else expect(innerHeight - card.bottom).to.be.within(0, 40);
      expect(card.height).to.be.greaterThan(40);
    });
  }

  it('sits in the flow when inline (so the measurement above can tell the difference)', async () => {
    const { wrap, content } = await page();
    const before = content.getBoundingClientRect().top;
    const el = document.createElement('bad-gateway-banner');
    Object.assign(el, { lang: 'en', kind: 'network' });
    wrap.prepend(el);
    await el.updateComplete;
    expect(el.getAttribute('position')).to.equal('inline');
    expect(content.getBoundingClientRect().top).to.be.greaterThan(before + 40);
  });

  it('lets clicks through the strip around a floating card', async () => {
    const el = await banner({ kind: 'network', position: 'top' });
    expect(getComputedStyle(el).pointerEvents).to.equal('none');
    expect(getComputedStyle(part(el, 'base')!).pointerEvents).to.equal('auto');
  });
});
