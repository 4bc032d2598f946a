// custom-elements.json (built by `npm run build` from the element's JSDoc) against the element
// itself: what editors and tools are told must be what the element really has.
import { expect, fixture } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { StatusSummary } from '../../components/bad-gateway-banner/status-feed.js';
import { FakeClock } from './fake-clock.js';

interface Named { name: string; type?: { text: string }; description?: string; attribute?: string; fieldName?: string; kind?: string; static?: boolean }
interface Element { tagName: string; attributes: Named[]; members: Named[]; events: Named[]; slots: Named[]; cssParts: Named[]; cssProperties: Named[]; description: string }

const manifest = async () => {
  const pkg = await (await fetch('/package.json')).json();
  const json = await (await fetch('/' + pkg.customElements)).json();
  return { pkg, json, element: json.modules[0].declarations[0] as Element };
};
const names = (items: Named[]) => items.map((i) => i.name).sort();

/** Every part the banner renders, over the states that show each one. */
async function renderedParts(): Promise<string[]> {
  const clock = new FakeClock();
  const el = document.createElement('bad-gateway-banner');
  el.clock = clock;
  Object.assign(el, {
    lang: 'en', kind: 'status', status: 502, served: 'copy', savedAt: clock.now() - 60_000, nextRetryAt: clock.now() + 9000,
    statusPage: 'https://status.example.com/', downCheckers: true, url: 'https://shop.example/',
  });
  await fixture(el);
  const seen = new Set<string>();
  const collect = () => el.shadowRoot!.querySelectorAll('[part]').forEach((n) => n.getAttribute('part')!.split(/\s+/).forEach((p) => seen.add(p)));
  // The live status line needs a fetched summary; set the one the feed would have produced.
  (el as unknown as { _summary: StatusSummary })._summary = { indicator: 'major', description: 'Partial System Outage', incident: null };
  el.requestUpdate();
  await el.updateComplete;
  collect();
  // On a fallback page: the saved pages the visitor can read (read from the caches; set them here).
  el.served = 'fallback';
  (el as unknown as { _pages: unknown[] })._pages = [{ url: 'https://shop.example/help', title: 'Help', savedAt: clock.now() - 3_600_000 }];
  await el.updateComplete;
  collect();
  el.served = 'copy';
  el.position = 'top'; // floating: the Details button
  await el.updateComplete;
  collect();
  el.recovered = true;
  await el.updateComplete;
  collect();
  return [...seen].sort();
}

describe('custom-elements.json', () => {
  it('is named by package.json, shipped in the package and exported', async () => {
    const { pkg, json } = await manifest();
    expect(pkg.customElements).to.equal('custom-elements.json');
    expect(pkg.files).to.include('custom-elements.json');
    expect(pkg.exports['./custom-elements.json']).to.equal('./custom-elements.json');
    expect(json.schemaVersion).to.match(/^\d+\.\d+\.\d+$/);
  });

  it('declares <bad-gateway-banner> in the module the package exports as bad-gateway/banner', async () => {
    const { pkg, json, element } = await manifest();
    const mod = json.modules[0];
    expect(json.modules).to.have.length(1);
    expect('./' + mod.path).to.equal(pkg.exports['./banner'].default);
    expect(element.tagName).to.equal('bad-gateway-banner');
    expect(mod.exports).to.deep.include({ kind: 'custom-element-definition', name: 'bad-gateway-banner', declaration: { name: 'BadGatewayBanner', module: mod.path } });
    expect(element.description).to.contain('hidden');
  });

  it('lists exactly the attributes the element observes, with their properties and types', async () => {
    const { element } = await manifest();
    expect(names(element.attributes)).to.deep.equal([...BadGatewayBanner.observedAttributes].sort());
    const byName = Object.fromEntries(element.attributes.map((a) => [a.name, a]));
    expect(byName['saved-at'].fieldName).to.equal('savedAt');
    expect(byName.position.type!.text).to.equal("'top' | 'bottom' | 'inline'");
    expect(byName.kind.type!.text).to.equal("'network' | 'timeout' | 'status' | 'offline' | ''");
  });

  it('lists every public reactive property (including strings, which has no attribute), and nothing private', async () => {
    const { element } = await manifest();
    const reactive = [...BadGatewayBanner.elementProperties].filter(([, o]) => !o.state).map(([k]) => String(k)).sort();
    const fields = element.members.filter((m) => m.kind === 'field' && !m.static);
    expect(reactive.filter((p) => !fields.some((f) => f.name === p)), 'missing from the manifest').to.deep.equal([]);
    expect(fields.filter((f) => f.name.startsWith('_')).map((f) => f.name)).to.deep.equal([]);
    for (const field of fields) expect(field.description, field.name).to.be.a('string').and.not.equal('');
  });

  it('lists exactly the parts the element renders', async () => {
    const { element } = await manifest();
    expect(names(element.cssParts)).to.deep.equal(await renderedParts());
  });

  it('lists exactly the CSS custom properties the stylesheet reads', async () => {
    const { element } = await manifest();
    const css = BadGatewayBanner.elementStyles.map((s) => ('cssText' in s ? s.cssText : [...(s as CSSStyleSheet).cssRules].map((r) => r.cssText).join(''))).join('\n');
    const used = [...new Set(css.match(/--bad-gateway-[\w-]+/g))].sort();
    expect(names(element.cssProperties)).to.deep.equal(used);
  });

  it('lists exactly the events the element fires, each typed', async () => {
    const { element } = await manifest();
    const el = document.createElement('bad-gateway-banner');
    Object.assign(el, { lang: 'en', kind: 'network', url: 'https://shop.example/' });
    await fixture(el);
    // Every event the element dispatches, listed or not.
    const fired: string[] = [];
    const dispatch = el.dispatchEvent.bind(el);
    el.dispatchEvent = (event: Event) => { fired.push(event.type); return dispatch(event); };
    const click = async (part: string) => { el.shadowRoot!.querySelector<HTMLElement>(`[part="${part}"]`)!.click(); await el.updateComplete; };
    await click('retry-button');
    el.recovered = true;
    await el.updateComplete;
    await click('reload-button');
    await click('dismiss-button');
    expect(fired.sort()).to.deep.equal(names(element.events));
    for (const event of element.events) expect(event.type!.text, event.name).to.equal('CustomEvent<{ url: string }>');
  });

  it('lists the one default slot', async () => {
    const { element } = await manifest();
    const el = await fixture<BadGatewayBanner>(document.createElement('bad-gateway-banner'));
    const slots = [...el.shadowRoot!.querySelectorAll('slot')].map((s) => s.name);
    expect(element.slots.map((s) => s.name)).to.deep.equal(slots);
  });
});
