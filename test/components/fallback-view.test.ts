// The built-in fallback page as the visitor sees it once the banner script ran: one
// headline, one explanation, one retry, the picture of where it broke and the pages they
// can read — the right diagnosis from the first render, before the page client says anything.
import { expect, fixtureCleanup } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { fallbackPage, type FallbackPageOptions } from '../../core/fallback-page.js';

async function show(o: Partial<FallbackPageOptions> = {}) {
  const html = fallbackPage({ url: location.origin + '/never-saved', lang: 'en', kind: 'status', status: 503, ...o });
  const main = new DOMParser().parseFromString(html, 'text/html').querySelector('main')!;
  const host = document.createElement('div');
  host.lang = o.lang ?? 'en'; // the page's <html lang>
  host.append(document.adoptNode(main));
  document.body.append(host);
  const banner = host.querySelector('bad-gateway-banner')!;
  await banner.updateComplete;
  return { host, banner, text: () => banner.shadowRoot!.textContent!.replace(/\s+/g, ' ') };
}

describe('fallback page, with the banner', () => {
  afterEach(() => { document.querySelectorAll('body > div').forEach((d) => d.remove()); fixtureCleanup(); });

  it('is one page: the banner’s headline, explanation and retry, and none of the stand-in text', async () => {
    const { host, banner, text } = await show({ failure: { server: 'Varnish', retryAfter: '5', gateway: 'Varnish', said: 'unreachable', waited: 12 } });
    // First render, no page client: Varnish could not reach its server, no "maintenance".
    expect(text()).to.contain('This site is having trouble');
    expect(text()).to.contain('The site’s gateway (Varnish) could not reach its server.');
    expect(text()).not.to.contain('maintenance');
    expect(banner.shadowRoot!.querySelectorAll('[part=retry-button]')).to.have.length(1);
    const standIn = host.querySelector('[slot=no-script]') as HTMLElement;
    expect(standIn.assignedSlot, 'the stand-in text is not shown').to.equal(null);
    expect(standIn.getClientRects().length).to.equal(0);
    for (const node of host.querySelectorAll('h1, a.retry')) expect(node.getClientRects().length, node.outerHTML).to.equal(0);
  });

  it('shows where it broke: the gateway answered, its server did not', async () => {
    const { banner } = await show({ failure: { server: 'nginx/1.22.1' } });
    const hops = [...banner.shadowRoot!.querySelectorAll('[part=path] li')];
    expect(hops.map((li) => li.className)).to.deep.equal(['ok', 'ok', 'ok', 'fail']);
    expect(hops.map((li) => li.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'Your device working', 'Your connection working', 'The site’s gateway nginx working', 'The site’s server failed']);
    expect(banner.shadowRoot!.querySelector('[part=path]')!.getAttribute('aria-label')).to.equal('Where it broke');
    await Promise.all(banner.shadowRoot!.querySelector('[part=base]')!.getAnimations().map((a) => a.finished));
    await expect(banner).to.be.accessible();
  });

  it('in Chinese', async () => {
    const { text } = await show({ lang: 'zh-CN', kind: 'timeout', status: undefined });
    expect(text()).to.contain('该网站响应太慢');
    expect(text()).to.contain('太慢');
  });
});
