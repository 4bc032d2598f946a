import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { en, zhCN } from '../../components/bad-gateway-banner/strings/index.js';
import { FakeClock } from './fake-clock.js';

const part = (el: BadGatewayBanner, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: BadGatewayBanner, name: string) => part(el, name)?.textContent!.replace(/\s+/g, ' ').trim() ?? null;
const tips = (el: BadGatewayBanner) => [...el.shadowRoot!.querySelectorAll('[part=tips] li')].map((li) => li.textContent!.trim());

/** A banner made from attributes (as a site would write it), on a fake clock, inside an English page. */
async function banner(attributes: Record<string, string | number | true>, clock = new FakeClock()): Promise<BadGatewayBanner> {
  const el = document.createElement('bad-gateway-banner');
  el.clock = clock;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value === true ? '' : String(value));
  await fixture(html`<div lang="en">${el}</div>`);
  await el.updateComplete;
  return el;
}

describe('<bad-gateway-banner> diagnosis', () => {
  it('names the CDN for a Cloudflare 502 and says it is not the visitor’s fault', async () => {
    const el = await banner({ kind: 'status', status: '502', server: 'cloudflare' });
    expect(text(el, 'title')).to.equal(en.titleServer);
    expect(text(el, 'detail')).to.contain('The site’s CDN (Cloudflare) could not reach its server.');
    expect(text(el, 'detail')).to.contain(en.notYourSide);
    expect(text(el, 'code')).to.equal('Error 502');
  });

  it('names nginx as the site’s gateway, and says a 504 waited too long', async () => {
    const el = await banner({ kind: 'status', status: '504', server: 'nginx/1.22.1' });
    expect(text(el, 'detail')).to.contain('The site’s gateway (nginx) waited too long for its server.');
  });

  it('reads a 503 with Retry-After as maintenance or overload', async () => {
    const el = await banner({ kind: 'status', status: '503', 'retry-after': '120' });
    expect(text(el, 'title')).to.equal(en.titleMaintenance);
  });

  it('says offline, with Wi-Fi and airplane mode first in the tips', async () => {
    const el = await banner({ kind: 'offline' });
    expect(text(el, 'title')).to.equal(en.titleOffline);
    expect(tips(el).slice(0, 2)).to.deep.equal([en.tipWifi, en.tipAirplane]);
  });

  it('says the site is slow for a timeout, mixing both sides in the tips', async () => {
    const el = await banner({ kind: 'timeout' });
    expect(text(el, 'title')).to.equal(en.titleTimeout);
    expect(tips(el)).to.include.members([en.tipWait, en.tipOtherConnection]);
  });

  it('explains a failed connection with DNS, proxy, firewall, and lists what to check on the visitor’s side', async () => {
    const el = await banner({ kind: 'network' });
    expect(text(el, 'title')).to.equal(en.titleConnection);
    expect(text(el, 'detail')).to.equal(en.detailConnection);
    expect(tips(el)).to.include.members([en.tipRouter, en.tipOtherConnection, en.tipProxy, en.tipVpn, en.tipDns, en.tipExtensions, en.tipOtherBrowser]);
    expect(part(el, 'code')).to.equal(null);
  });

  it('never tells the visitor to reset their router or touch their setup for a server-side error', async () => {
    const el = await banner({ kind: 'status', status: '502', 'status-page': location.origin + '/test/fixtures/status/missing/' });
    const list = tips(el);
    expect(list).to.include.members([en.tipWait, en.tipStatusPage, en.tipLater, en.tipContact]);
    for (const tip of [en.tipRouter, en.tipProxy, en.tipVpn, en.tipDns, en.tipExtensions, en.tipOtherBrowser]) expect(list).not.to.include(tip);
  });

  it('only suggests the status page when there is one', async () => {
    const el = await banner({ kind: 'status', status: '502' });
    expect(tips(el)).not.to.include(en.tipStatusPage);
  });

  it('keeps the tips collapsed in a <details> so the banner stays small', async () => {
    const el = await banner({ kind: 'network' });
    const details = part(el, 'tips') as HTMLDetailsElement;
    expect(details.localName).to.equal('details');
    expect(details.open).to.equal(false);
    expect(details.querySelector('summary')!.textContent!.trim()).to.equal(en.tipsTitle);
  });

  it('shows what it is given by hand with no kind at all', async () => {
    const el = await banner({});
    expect(text(el, 'title')).to.equal(en.titleUnknown);
  });
});

describe('<bad-gateway-banner> saved copy', () => {
  it('says a copy is shown and how old it is', async () => {
    const clock = new FakeClock();
    const el = await banner({ kind: 'network', served: 'copy', 'saved-at': clock.now() - 3 * 3600_000 }, clock);
    expect(text(el, 'saved')).to.equal('You’re reading a copy saved 3 hours ago.');
  });

  it('says it in Chinese too', async () => {
    const clock = new FakeClock();
    const el = document.createElement('bad-gateway-banner');
    el.clock = clock;
    Object.assign(el, { lang: 'zh-CN', kind: 'network', served: 'copy', savedAt: clock.now() - 3 * 3600_000 });
    await fixture(el);
    expect(text(el, 'saved')).to.equal('您正在阅读3小时前保存的副本。');
  });

  it('says when no saved copy exists (fallback page), and says nothing of copies for a fresh page', async () => {
    const fallback = await banner({ kind: 'network', served: 'fallback' });
    expect(text(fallback, 'saved')).to.equal(en.servedFallback);
    const none = await banner({ kind: 'network', served: 'none' });
    expect(part(none, 'saved')).to.equal(null);
  });
});

describe('<bad-gateway-banner> brief when floating', () => {
  // Every test's clock starts at the same moment.
  const now = new FakeClock().now();
  const floating = { kind: 'status', status: '502', server: 'nginx', served: 'copy', 'saved-at': now - 3 * 3600_000, 'next-retry-at': now + 42_000, 'status-page': 'https://status.example.com/', position: 'top' } as const;

  it('over a saved copy shows the headline, the copy\'s age, retry and countdown, and a Details button', async () => {
    const el = await banner(floating, new FakeClock());
    expect(text(el, 'title')).to.equal(en.titleServer);
    expect(text(el, 'saved')).to.equal('You’re reading a copy saved 3 hours ago.');
    expect(text(el, 'retry-button')).to.equal(en.retry);
    expect(text(el, 'countdown')).to.equal('Trying again in 42 s');
    expect(part(el, 'details-button')!.getAttribute('aria-expanded')).to.equal('false');
    expect(text(el, 'details-button')).to.equal(en.details);
    for (const hidden of ['detail', 'status', 'links', 'tips']) expect(part(el, hidden), hidden).to.equal(null);
  });

  it('opens to the whole explanation and back with the Details button, keeping focus on it', async () => {
    const el = await banner(floating, new FakeClock());
    part(el, 'details-button')!.focus();
    part(el, 'details-button')!.click();
    await el.updateComplete;
    expect(el.expanded).to.equal(true);
    expect(el.hasAttribute('expanded')).to.equal(true);
    expect(text(el, 'detail')).to.contain('The site’s gateway (nginx) could not reach its server.');
    expect(part(el, 'links')).to.exist;
    expect(part(el, 'tips')).to.exist;
    expect(part(el, 'details-button')!.getAttribute('aria-expanded')).to.equal('true');
    expect(text(el, 'details-button'), 'one name; the state is in aria-expanded').to.equal(en.details);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'details-button'));
    part(el, 'details-button')!.click();
    await el.updateComplete;
    expect(el.expanded).to.equal(false);
    expect(part(el, 'detail')).to.equal(null);
  });

  it('announces the whole explanation even when brief', async () => {
    const clock = new FakeClock();
    const el = await banner(floating, clock);
    clock.tick(100);
    const region = el.shadowRoot!.querySelector('[aria-live]')!;
    expect(region.textContent).to.contain('could not reach its server');
  });

  it('shows everything inline, on a fallback page, and once the site is back — with no Details button', async () => {
    for (const attributes of [{ ...floating, position: 'inline' }, { ...floating, served: 'fallback' }, { ...floating, recovered: true }] as const) {
      const el = await banner(attributes, new FakeClock());
      expect(part(el, 'details-button'), JSON.stringify(attributes)).to.equal(null);
      expect(part(el, 'detail'), JSON.stringify(attributes)).to.exist;
    }
  });

  it('is much shorter than the whole explanation (about 130 px against 245 px at full width)', async () => {
    const el = await banner(floating, new FakeClock());
    const brief = part(el, 'base')!.getBoundingClientRect().height;
    el.expanded = true;
    await el.updateComplete;
    const whole = part(el, 'base')!.getBoundingClientRect().height;
    expect(brief).to.be.below(whole * 0.6);
  });
});

describe('<bad-gateway-banner> recovered', () => {
  it('offers a reload that warns about typed text, and no retry or countdown', async () => {
    const el = await banner({ kind: 'network', recovered: true, 'next-retry-at': Date.now() + 60_000 });
    expect(text(el, 'title')).to.equal(en.titleRecovered);
    expect(text(el, 'detail')).to.equal(en.detailRecovered);
    expect(text(el, 'reload-button')).to.equal(en.reload);
    expect(part(el, 'retry-button')).to.equal(null);
    expect(part(el, 'countdown')).to.equal(null);
  });
});

describe('<bad-gateway-banner> recovered, page updating itself', () => {
  it('says the page is being brought up to date, with no buttons and no empty actions row', async () => {
    const el = await banner({ kind: 'network', recovered: true, position: 'bottom' });
    el.updating = true;
    await el.updateComplete;
    expect(text(el, 'title')).to.equal(en.titleRecovered);
    expect(text(el, 'detail')).to.equal(en.detailUpdated);
    expect(part(el, 'actions')?.outerHTML ?? null).to.equal(null);
    expect(el.shadowRoot!.querySelectorAll('[part=message] button')).to.have.length(0);
    // Dismissing it stays possible.
    expect(part(el, 'dismiss-button')).to.not.equal(null);
  });
});

describe('<bad-gateway-banner> events', () => {
  it('fires bad-gateway-retry that bubbles out of the shadow DOM to document', async () => {
    const el = await banner({ kind: 'network', url: 'https://shop.example/cart' });
    const heard = oneEvent(document, 'bad-gateway-retry');
    part(el, 'retry-button')!.click();
    const event = await heard;
    expect(event.target).to.equal(el);
    expect(event.composed).to.equal(true);
    expect(event.detail).to.deep.equal({ url: 'https://shop.example/cart' });
  });

  it('does not fire retry while a check is already running', async () => {
    const el = await banner({ kind: 'network', checking: true });
    let fired = 0;
    const count = () => fired++;
    document.addEventListener('bad-gateway-retry', count);
    part(el, 'retry-button')!.click();
    document.removeEventListener('bad-gateway-retry', count);
    expect(fired).to.equal(0);
    expect(part(el, 'retry-button')!.getAttribute('aria-disabled')).to.equal('true');
  });

  it('fires bad-gateway-dismiss on document and hides itself', async () => {
    const el = await banner({ kind: 'network' });
    const heard = oneEvent(document, 'bad-gateway-dismiss');
    part(el, 'dismiss-button')!.click();
    const event = await heard;
    expect(event.detail.url).to.equal(location.href);
    expect(el.hidden).to.equal(true);
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('stays when the host app cancels the dismiss event', async () => {
    const el = await banner({ kind: 'network' });
    const cancel = (e: Event) => e.preventDefault();
    document.addEventListener('bad-gateway-dismiss', cancel);
    part(el, 'dismiss-button')!.click();
    document.removeEventListener('bad-gateway-dismiss', cancel);
    expect(el.hidden).to.equal(false);
  });

  it('fires bad-gateway-reload from the recovered state', async () => {
    const el = await banner({ recovered: true });
    const heard = oneEvent(document, 'bad-gateway-reload');
    part(el, 'reload-button')!.click();
    expect((await heard).bubbles).to.equal(true);
  });

  it('has typed events on HTMLElementEventMap', async () => {
    const el = await banner({ kind: 'network' });
    let url = '';
    // Compiles only because the event is declared in HTMLElementEventMap with its detail type.
    el.addEventListener('bad-gateway-retry', (e) => { url = e.detail.url; });
    part(el, 'retry-button')!.click();
    expect(url).to.equal(location.href);
  });
});

describe('bad-gateway-banner.ts', () => {
  it('defines the element once and tolerates being loaded twice (npm build + script tag)', async () => {
    const first = customElements.get('bad-gateway-banner');
    expect(first).to.exist;
    // A second copy of the module (another URL is another module instance) must not throw.
    await import(/* @vite-ignore */ new URL('../../components/bad-gateway-banner/bad-gateway-banner.ts?second-copy', import.meta.url).href);
    expect(customElements.get('bad-gateway-banner')).to.equal(first);
  });
});
