import { expect, fixture, html } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { LANGUAGES, format, pickLanguage, supportedLang, en, zhCN } from '../../components/bad-gateway-banner/strings/index.js';

const title = (el: BadGatewayBanner) => el.shadowRoot!.querySelector('[part=title]')!.textContent!.trim();

describe('string tables', () => {
  it('have exactly the same keys in every language', () => {
    const keys = Object.keys(en).sort();
    for (const [lang, table] of Object.entries(LANGUAGES)) expect(Object.keys(table).sort(), lang).to.deep.equal(keys);
  });

  it('have no empty string', () => {
    for (const [lang, table] of Object.entries(LANGUAGES)) {
      for (const [key, value] of Object.entries(table)) expect(value.trim(), `${lang}.${key}`).not.to.equal('');
    }
  });

  it('use the same placeholders in every language', () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(names(zhCN[key]), key).to.equal(names(en[key]));
  });
});

describe('language choice', () => {
  it('maps zh, zh-CN, zh-Hans and zh-SG to Simplified Chinese; anything else to English', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-cn', 'zh-Hans', 'zh-SG', 'zh-Hans-CN']) expect(supportedLang(tag), tag).to.equal('zh-CN');
    for (const tag of ['zh-TW', 'zh-Hant', 'fr', 'de-DE', '']) expect(supportedLang(tag), tag).to.equal(null);
    expect(supportedLang('en-GB')).to.equal('en');
  });

  it('lets the page’s stated language decide before the browser’s', () => {
    expect(pickLanguage(['zh-SG'], ['en-US'])).to.equal('zh-CN');
    expect(pickLanguage(['', 'fr'], ['zh-CN'])).to.equal('en');
    expect(pickLanguage([null, undefined], ['fr', 'zh-Hans', 'en'])).to.equal('zh-CN');
    expect(pickLanguage([], ['fr', 'de'])).to.equal('en');
  });

  it('fills placeholders as plain text and leaves unknown ones visible', () => {
    expect(format('Error {status}', { status: 502 })).to.equal('Error 502');
    expect(format('{a} {typo}', { a: '<b>' })).to.equal('<b> {typo}');
  });
});

describe('<bad-gateway-banner> language', () => {
  it('speaks its own lang', async () => {
    const el = await fixture<BadGatewayBanner>(html`<bad-gateway-banner lang="zh-CN" kind="offline"></bad-gateway-banner>`);
    expect(title(el)).to.equal(zhCN.titleOffline);
    expect(el.shadowRoot!.querySelector('[part=base]')!.getAttribute('lang')).to.equal('zh-CN');
  });

  it('follows the closest [lang] of the page', async () => {
    const wrap = await fixture<HTMLElement>(html`<section lang="zh-Hans"><div><bad-gateway-banner kind="offline"></bad-gateway-banner></div></section>`);
    const el = wrap.querySelector('bad-gateway-banner')!;
    await el.updateComplete;
    expect(title(el)).to.equal(zhCN.titleOffline);
  });

  it('follows <html lang> when nothing closer says', async () => {
    const before = document.documentElement.getAttribute('lang');
    document.documentElement.setAttribute('lang', 'zh');
    try {
      const el = await fixture<BadGatewayBanner>(html`<bad-gateway-banner kind="offline"></bad-gateway-banner>`);
      expect(el.language).to.equal('zh-CN');
      expect(title(el)).to.equal(zhCN.titleOffline);
    } finally {
      if (before === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', before);
    }
  });

  it('falls back to English for a language it does not have', async () => {
    const el = await fixture<BadGatewayBanner>(html`<bad-gateway-banner lang="fr" kind="offline"></bad-gateway-banner>`);
    expect(title(el)).to.equal(en.titleOffline);
  });

  it('uses the browser’s languages when the page states none', async () => {
    const before = document.documentElement.getAttribute('lang');
    document.documentElement.removeAttribute('lang');
    try {
      const el = await fixture<BadGatewayBanner>(html`<bad-gateway-banner kind="offline"></bad-gateway-banner>`);
      // The engines under test run with English UIs; a Chinese-first browser would get zh-CN.
      const expected = supportedLang(navigator.languages.find((l) => supportedLang(l)) ?? 'en');
      expect(el.language).to.equal(expected);
      expect(title(el)).to.equal(LANGUAGES[expected!].titleOffline);
    } finally {
      if (before !== null) document.documentElement.setAttribute('lang', before);
    }
  });

  it('lets any string be overridden, in any language', async () => {
    const el = await fixture<BadGatewayBanner>(html`<bad-gateway-banner lang="zh-CN" kind="status" status="502"
      .strings=${{ titleServer: 'Our shop is taking a short break', retry: 'Try again' }}></bad-gateway-banner>`);
    expect(title(el)).to.equal('Our shop is taking a short break');
    expect(el.shadowRoot!.querySelector('[part=retry-button]')!.textContent!.trim()).to.equal('Try again');
    // Strings not overridden stay in the chosen language.
    expect(el.shadowRoot!.querySelector('[part=dismiss-button]')!.getAttribute('aria-label')).to.equal(zhCN.dismiss);
  });

  it('switches language live when lang changes', async () => {
    const el = await fixture<BadGatewayBanner>(html`<bad-gateway-banner lang="en" kind="timeout"></bad-gateway-banner>`);
    expect(title(el)).to.equal(en.titleTimeout);
    el.lang = 'zh-CN';
    await el.updateComplete;
    expect(title(el)).to.equal(zhCN.titleTimeout);
  });
});
