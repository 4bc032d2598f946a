import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { PALETTE, styles } from '../../components/bad-gateway-banner/bad-gateway-banner.styles.js';
import { en } from '../../components/bad-gateway-banner/strings/index.js';
import { FakeClock } from './fake-clock.js';

/** WCAG 2.2 relative luminance of an sRGB hex colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const fixtures = `${location.origin}/test/fixtures/status/`;

async function banner(props: Partial<BadGatewayBanner>, clock = new FakeClock()): Promise<BadGatewayBanner> {
  const el = document.createElement('bad-gateway-banner');
  el.clock = clock;
  Object.assign(el, { lang: 'en' }, props);
  await fixture(el);
  await el.statusLoaded;
  await el.updateComplete;
  await settled(el);
  return el;
}

/** Waits for the entrance fade to end: axe would otherwise measure half-transparent colours. */
async function settled(el: BadGatewayBanner) {
  await Promise.all(el.shadowRoot!.querySelector('[part=base]')!.getAnimations().map((a) => a.finished));
}

/**
 * Emulates media features where the test runner can: only through Chromium's DevTools
 * protocol here. Puppeteer's Firefox (WebDriver BiDi) and WebDriver (WebKit) have no such
 * command, so those engines rely on the stylesheet check above the emulated tests.
 */
async function canEmulate(media: Parameters<typeof emulateMedia>[0]): Promise<boolean> {
  if (!/Chrome\//.test(navigator.userAgent)) return false;
  await emulateMedia(media);
  return true;
}

describe('contrast of the default colours', () => {
  it('checks the contrast function itself against known values', () => {
    expect(contrast('#000000', '#ffffff')).to.be.closeTo(21, 0.01);
    expect(contrast('#767676', '#ffffff')).to.be.closeTo(4.54, 0.01);
  });

  for (const mode of ['light', 'dark'] as const) {
    it(`reaches 4.5:1 for all text in ${mode} mode`, () => {
      const p = PALETTE[mode];
      expect(contrast(p.color, p.background), 'text').to.be.at.least(4.5);
      expect(contrast(p.muted, p.background), 'secondary text').to.be.at.least(4.5);
      expect(contrast(p.accent, p.background), 'links').to.be.at.least(4.5);
      expect(contrast(p.accentText, p.accent), 'button label').to.be.at.least(4.5);
      // Non-text contrast for the icon and the focus ring (WCAG 1.4.11).
      expect(contrast(p.icon, p.background), 'icon').to.be.at.least(3);
    });
  }

  it('are the colours the banner really uses in the current colour scheme', async () => {
    const el = await banner({ kind: 'network' });
    const mode = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    expect(getComputedStyle(el).getPropertyValue('--bad-gateway-background').trim()).to.equal(PALETTE[mode].background);
  });

  it('switch to the dark palette when the visitor prefers dark', async function () {
    if (!(await canEmulate({ colorScheme: 'dark' }))) this.skip(); // see canEmulate
    try {
      const el = await banner({ kind: 'network' });
      const base = el.shadowRoot!.querySelector('[part=base]')!;
      expect(getComputedStyle(el).getPropertyValue('--bad-gateway-background').trim()).to.equal(PALETTE.dark.background);
      expect(getComputedStyle(base).color).to.equal('rgb(236, 238, 241)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});

describe('accessibility', () => {
  const states: [string, Partial<BadGatewayBanner>][] = [
    ['offline', { kind: 'offline' }],
    ['a CDN 502 with a saved copy and a countdown', { kind: 'status', status: 502, server: 'cloudflare', served: 'copy', savedAt: Date.UTC(2025, 0, 15, 9), nextRetryAt: Date.UTC(2025, 0, 15, 12, 1) }],
    ['a timeout on the fallback page while checking', { kind: 'timeout', served: 'fallback', checking: true }],
    ['a failed connection with every link', { kind: 'network', url: 'https://shop.example/cart', statusPage: fixtures + 'incident/', contact: 'mailto:help@shop.example', downCheckers: true, archive: true }],
    ['recovered', { recovered: true }],
    ['Chinese, floating at the top (brief)', { lang: 'zh-CN', kind: 'status', status: 503, retryAfter: '60', position: 'top' }],
    ['floating at the bottom, expanded, with every link', { kind: 'network', position: 'bottom', expanded: true, served: 'copy', savedAt: Date.UTC(2025, 0, 15, 9), statusPage: fixtures + 'incident/', contact: 'mailto:help@shop.example', downCheckers: true }],
  ];
  for (const [name, props] of states) {
    it(`passes axe: ${name}`, async () => {
      const el = await banner(props);
      await expect(el).to.be.accessible();
    });
  }

  it('passes axe with the tips opened', async () => {
    const el = await banner({ kind: 'network' });
    (el.shadowRoot!.querySelector('[part=tips]') as HTMLDetailsElement).open = true;
    await expect(el).to.be.accessible();
  });

  it('announces the incident once through a polite live region, not on every tick', async () => {
    const clock = new FakeClock();
    const el = await banner({ kind: 'status', status: 502, server: 'nginx', nextRetryAt: clock.now() + 30_000 }, clock);
    const region = el.shadowRoot!.querySelector('[aria-live]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    // Filled a moment after the region exists, so screen readers notice the change.
    expect(region.textContent).to.equal('');
    clock.tick(100);
    expect(region.textContent).to.equal(`${en.titleServer} The site’s gateway (nginx) could not reach its server. ${en.notYourSide}`);

    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    for (let i = 0; i < 5; i++) {
      clock.tick(1000);
      await el.updateComplete;
    }
    el.checking = true;
    await el.updateComplete;
    clock.tick(1000);
    await el.updateComplete;
    observer.disconnect();
    expect(changes, 'ticks and checks are not announced').to.have.length(0);
  });

  it('announces again when the news changes (the site is back)', async () => {
    const clock = new FakeClock();
    const el = await banner({ kind: 'network' }, clock);
    const region = el.shadowRoot!.querySelector('[aria-live]')!;
    clock.tick(100);
    expect(region.textContent).to.equal(`${en.titleConnection} ${en.detailConnection}`);
    el.recovered = true;
    await el.updateComplete;
    clock.tick(100);
    expect(region.textContent).to.equal(`${en.titleRecovered} ${en.detailRecovered}`);
  });

  it('gives the dismiss button an accessible name and uses real buttons', async () => {
    const el = await banner({ kind: 'network' });
    const dismiss = el.shadowRoot!.querySelector('[part=dismiss-button]')!;
    expect(dismiss.localName).to.equal('button');
    expect(dismiss.getAttribute('aria-label')).to.equal(en.dismiss);
    expect(el.shadowRoot!.querySelector('[part=retry-button]')!.localName).to.equal('button');
  });

  it('is usable from the keyboard: Tab reaches Retry now with a visible focus ring, Enter retries', async () => {
    const wrap = await fixture<HTMLElement>(html`<div><input aria-label="before"><bad-gateway-banner lang="en" kind="network"></bad-gateway-banner></div>`);
    const el = wrap.querySelector('bad-gateway-banner')!;
    await el.updateComplete;
    wrap.querySelector('input')!.focus();
    await sendKeys({ press: 'Tab' });
    const retry = el.shadowRoot!.querySelector<HTMLElement>('[part=retry-button]')!;
    expect(el.shadowRoot!.activeElement).to.equal(retry);
    const ring = getComputedStyle(retry);
    expect(ring.outlineStyle).to.equal('solid');
    expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
    let retried = false;
    el.addEventListener('bad-gateway-retry', () => { retried = true; });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => retried, 'Enter on the focused button fires bad-gateway-retry');
  });

  it('keeps every animation behind prefers-reduced-motion: no-preference', () => {
    const sheet = styles.styleSheet ?? (() => {
      const s = new CSSStyleSheet();
      s.replaceSync(styles.cssText);
      return s;
    })();
    const animated: string[] = [];
    const visit = (rules: CSSRuleList, media: string) => {
      for (const rule of rules) {
        if (rule instanceof CSSMediaRule) visit(rule.cssRules, media + rule.conditionText);
        else if (rule instanceof CSSStyleRule && rule.style.animationName && rule.style.animationName !== 'none') animated.push(`${media}|${rule.selectorText}`);
      }
    };
    visit(sheet.cssRules, '');
    expect(animated.length).to.be.greaterThan(0);
    for (const entry of animated) expect(entry).to.match(/^\(prefers-reduced-motion: no-preference\)\|/);
  });

  it('stills the spinner when the visitor prefers reduced motion', async function () {
    if (!(await canEmulate({ reducedMotion: 'reduce' }))) this.skip(); // see canEmulate
    try {
      const el = await banner({ kind: 'network', checking: true });
      expect(getComputedStyle(el.shadowRoot!.querySelector('.spinner')!).animationName).to.equal('none');
      await emulateMedia({ reducedMotion: 'no-preference' });
      expect(getComputedStyle(el.shadowRoot!.querySelector('.spinner')!).animationName).to.equal('spin');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});
