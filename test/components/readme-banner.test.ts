// The README's banner examples as a page would use them, in every engine: the placed banner
// (README example 'banner-inline') and the theming stylesheet (README example 'theming').
import { expect, fixture } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { example } from '../readme/examples.mjs';

const readme = () => fetch('/README.md').then((r) => r.text());
const part = (el: BadGatewayBanner, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;

describe('README banner examples', () => {
  it("banner-inline: hidden until the page client shows it, then inline with the site's message", async () => {
    const wrap = await fixture<HTMLElement>(`<div lang="en">${example(await readme(), 'banner-inline').code}</div>`);
    const el = wrap.querySelector('bad-gateway-banner')!;
    await el.updateComplete;
    expect(el.hidden).to.equal(true);
    expect(getComputedStyle(el).display).to.equal('none');
    // What the page client does in an incident.
    Object.assign(el, { hidden: false, kind: 'status', status: 502 });
    await el.updateComplete;
    expect(getComputedStyle(el).display).to.not.equal('none');
    expect(el.position).to.equal('inline');
    expect(el.statusPage).to.equal('https://status.example.com');
    expect(el.textContent).to.contain('Our shop is still open by phone');
    const slot = el.shadowRoot!.querySelector('slot')!;
    expect(slot.assignedNodes().map((n) => n.textContent).join('')).to.contain('0800 123 456');
  });

  it('theming: the custom properties and ::part() rule apply', async () => {
    const style = document.createElement('style');
    style.textContent = example(await readme(), 'theming').code;
    document.head.append(style);
    try {
      const el = await fixture<BadGatewayBanner>('<bad-gateway-banner lang="en" kind="network"></bad-gateway-banner>');
      expect(getComputedStyle(part(el, 'title')).fontWeight).to.equal('600');
      expect(getComputedStyle(part(el, 'base')).borderTopLeftRadius).to.equal('4px');
      expect(getComputedStyle(part(el, 'retry-button')).backgroundColor).to.equal('rgb(109, 40, 217)');
    } finally {
      style.remove();
    }
  });
});
