import { expect, fixture } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { FakeClock } from './fake-clock.js';

declare global {
  interface Window { __pwned?: string }
}

const payload = (tag: string) => `<img src="x:" onerror="window.__pwned='${tag}'"><b>bold</b>`;
const fixtures = `${location.origin}/test/fixtures/status/`;

async function banner(props: Partial<BadGatewayBanner>): Promise<BadGatewayBanner> {
  const el = document.createElement('bad-gateway-banner');
  el.clock = new FakeClock();
  Object.assign(el, { lang: 'en' }, props);
  await fixture(el);
  await el.statusLoaded;
  await el.updateComplete;
  // Give an injected <img onerror> the chance to run if one had been created.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return el;
}

const hrefs = (el: BadGatewayBanner) => [...el.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href'));

function expectInert(el: BadGatewayBanner) {
  expect(el.shadowRoot!.querySelector('img, b, script, iframe'), 'no element made from input').to.equal(null);
  expect(window.__pwned).to.equal(undefined);
  for (const href of hrefs(el)) expect(href).to.match(/^(https?:|mailto:)/);
}

describe('hostile input', () => {
  afterEach(() => { delete window.__pwned; });

  it('never renders the Server header, only names from its own table', async () => {
    const el = await banner({ kind: 'status', status: 502, server: payload('server') });
    expectInert(el);
    expect(el.shadowRoot!.textContent).not.to.contain('onerror');
    expect(el.shadowRoot!.querySelector('[part=detail]')!.textContent).to.contain('The site’s gateway could not reach');
  });

  it('renders overriding strings as text', async () => {
    const el = await banner({ kind: 'network', strings: { titleConnection: payload('strings'), tipRouter: payload('tip') } });
    expectInert(el);
    expect(el.shadowRoot!.querySelector('[part=title]')!.textContent).to.equal(payload('strings'));
  });

  it('renders status-page JSON as text and drops its javascript: links', async () => {
    const el = await banner({ kind: 'status', status: 502, statusPage: fixtures + 'hostile/' });
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent).to.contain(`window.__pwned='description'`);
    expectInert(el);
    expect(hrefs(el)).to.deep.equal([fixtures + 'hostile/']);
  });

  it('refuses status pages and contacts that are not http(s) or mailto:', async () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'http://[::1/']) {
      const el = await banner({ kind: 'network', statusPage: bad, contact: bad });
      expect(hrefs(el), bad).to.deep.equal([]);
      expectInert(el);
    }
  });

  it('accepts mailto: and https contacts', async () => {
    expect(hrefs(await banner({ kind: 'network', contact: 'mailto:help@shop.example' }))).to.deep.equal(['mailto:help@shop.example']);
    expect(hrefs(await banner({ kind: 'network', contact: 'https://shop.example/help' }))).to.deep.equal(['https://shop.example/help']);
  });

  it('links a bare e-mail address (as install() accepts it) with mailto:', async () => {
    expect(hrefs(await banner({ kind: 'network', contact: 'help@shop.example' }))).to.deep.equal(['mailto:help@shop.example']);
  });

  it('builds down-checker and archive links only for an http(s) page, with the host escaped', async () => {
    const none = await banner({ kind: 'network', url: 'javascript:alert(1)', downCheckers: true, archive: true });
    expect(hrefs(none)).to.deep.equal([]);
    const el = await banner({ kind: 'network', url: `https://shop.example/a?q="><img src=x onerror="window.__pwned='url'">`, downCheckers: true, archive: true });
    expectInert(el);
    expect(hrefs(el)).to.deep.equal([
      'https://web.archive.org/web/*/https://shop.example/a?q=%22%3E%3Cimg%20src=x%20onerror=%22window.__pwned=%27url%27%22%3E',
      'https://downforeveryoneorjustme.com/shop.example',
      'https://www.isitdownrightnow.com/shop.example.html',
    ]);
  });

  it('resolves relative links against the page, like any link on it', async () => {
    const el = await banner({ kind: 'network', statusPage: '/status/', contact: 'contact.html' });
    expect(hrefs(el)).to.deep.equal([new URL('/status/', document.baseURI).href, new URL('contact.html', document.baseURI).href]);
  });
});
