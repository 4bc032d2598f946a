// The built-in fallback page: readable with no network, in the visitor's language, safe.
import { expect } from '@open-wc/testing';
import { escapeHtml, fallbackPage, pickLang, type FallbackPageOptions } from '../../core/fallback-page.js';

const parse = (o: Partial<FallbackPageOptions> = {}) => new DOMParser().parseFromString(
  fallbackPage({ url: 'https://shop.example/news', lang: 'en', kind: 'status', status: 502, ...o }), 'text/html');

describe('fallback page', () => {
  it('says the site cannot be reached and no saved copy exists, with a Try again link to the page', () => {
    const doc = parse();
    expect(doc.querySelector('meta[name="bad-gateway"]')?.getAttribute('content')).to.equal('fallback');
    expect(doc.querySelector('bad-gateway-banner')).to.exist;
    expect(doc.querySelector('h1')!.textContent).to.equal('This site can’t be reached right now');
    expect(doc.body.textContent).to.contain('Error 502');
    const retry = doc.querySelector('a.retry')!;
    expect(retry.textContent).to.equal('Try again');
    expect(retry.getAttribute('href')).to.equal('https://shop.example/news');
  });

  it('needs nothing from the network: inline style only, no script unless the banner script is saved', () => {
    const doc = parse();
    expect(doc.querySelectorAll('[src], link[href]').length).to.equal(0);
    expect(doc.querySelector('style')).to.exist;
    const withScript = parse({ bannerScript: 'https://shop.example/bad-gateway.min.js' });
    const script = withScript.querySelector('script')!;
    expect(script.getAttribute('src')).to.equal('https://shop.example/bad-gateway.min.js');
    expect(script.hasAttribute('data-attach')).to.equal(true);
  });

  it('links the status page when there is one', () => {
    expect(parse().querySelectorAll('a').length).to.equal(1);
    const link = parse({ statusPage: 'https://status.shop.example/' }).querySelectorAll('a')[1];
    expect(link.getAttribute('href')).to.equal('https://status.shop.example/');
  });

  it('blames the connection, not the server, for network errors and timeouts', () => {
    const text = parse({ kind: 'timeout', status: undefined }).body.textContent!;
    expect(text).to.contain('didn’t answer');
    expect(text).not.to.contain('Error 5');
  });

  it('speaks Simplified Chinese', () => {
    const doc = parse({ lang: 'zh-CN' });
    expect(doc.documentElement.lang).to.equal('zh-CN');
    expect(doc.querySelector('h1')!.textContent).to.equal('暂时无法访问此网站');
    expect(doc.querySelector('a.retry')!.textContent).to.equal('重试');
  });

  it('escapes everything it interpolates', () => {
    const doc = parse({
      url: 'https://shop.example/"><script>alert(1)</script>',
      statusPage: 'https://status.example/?a=1&b="2"',
      bannerScript: 'https://shop.example/b.js"onload="alert(1)',
    });
    expect(doc.querySelectorAll('script').length).to.equal(1);
    expect(doc.querySelector('script')!.getAttribute('onload')).to.equal(null);
    expect(doc.querySelector('a.retry')!.getAttribute('href')).to.equal('https://shop.example/"><script>alert(1)</script>');
    expect(doc.querySelectorAll('a')[1].getAttribute('href')).to.equal('https://status.example/?a=1&b="2"');
    expect(escapeHtml(`<a href='x'>&</a>`)).to.equal('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('pickLang', () => {
  it('takes the first preference that names English or Chinese', () => {
    expect(pickLang('zh-CN')).to.equal('zh-CN');
    expect(pickLang(null, 'zh-TW,zh;q=0.9,en;q=0.8')).to.equal('zh-CN');
    expect(pickLang(null, 'fr-FR,en-GB;q=0.8,zh;q=0.5')).to.equal('en');
    expect(pickLang(null, undefined, 'de,zh-Hans')).to.equal('zh-CN');
    expect(pickLang(null, null, 'de')).to.equal('en');
  });
});
