// The README's framework recipes ("React, Vue, Svelte, Angular"), run for real. Each example is
// compiled from the README's text at request time by test/servers/readme-plugin.mjs
// (GET /__readme/<id>.js), bundled with its framework and the built `bad-gateway/banner`, and
// mounted here with that framework's own API, so the README cannot show a recipe that does
// not work.
//
// Every compiled module bundles its own copy of the banner; the first one loaded defines
// <bad-gateway-banner> and the others reuse that definition (the entry checks before defining).
// So the element is compared with the registry's class, never with a module's own class.
import { expect } from '@open-wc/testing';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';

interface Detail { url: string }

/** A mounted example; `unmount` tears it down with the framework's API (idempotent). */
interface Mounted { unmount(): void }

/**
 * Mounts the README component in `container` with its framework, handing it `onDismiss` the
 * way that framework passes a callback, and returns once the element is rendered.
 * `mod` is the compiled module: `mod.example` holds the README example's exports, the rest
 * is the framework API bundled with it (one copy of the framework per module).
 */
type Mount = (mod: any, container: HTMLElement, onDismiss: (detail: Detail) => void) => Promise<Mounted>;

const frameworks: Record<string, Mount> = {
  // React 19: prop `onDismiss`. flushSync renders synchronously, so the element exists on return.
  async react(mod, container, onDismiss) {
    const root = mod.createRoot(container);
    mod.flushSync(() => root.render(mod.createElement(mod.example.OutageBanner, { onDismiss })));
    return { unmount: once(() => root.unmount()) };
  },

  // Vue 3: an `onDismiss` root prop is the listener for the component's 'dismiss' emit.
  // mount() renders synchronously.
  async vue(mod, container, onDismiss) {
    const app = mod.createApp(mod.example.default, { onDismiss });
    app.mount(container);
    return { unmount: once(() => app.unmount()) };
  },

  // Svelte 5: prop `ondismiss`. mount() renders the markup; flushSync runs pending effects.
  async svelte(mod, container, ondismiss) {
    const component = mod.mount(mod.example.default, { target: container, props: { ondismiss } });
    mod.flushSync();
    return { unmount: once(() => mod.unmount(component)) };
  },

  // Angular (JIT, zoneless): bootstrapApplication renders into the element matching the
  // component's selector, placed in the container first. The `dismissed` output is subscribed
  // to directly: a parent template's `(dismissed)` binding would need the AOT compiler (or
  // Angular's JIT transform) to see a signal-based output(), and neither runs here.
  async angular(mod, container, onDismiss) {
    const component = mod.example.OutageBannerComponent;
    container.append(document.createElement(mod.reflectComponentType(component).selector));
    const app = await mod.bootstrapApplication(component, { providers: [mod.provideZonelessChangeDetection()] });
    const subscription = app.components[0].instance.dismissed.subscribe(onDismiss);
    await app.whenStable();
    return { unmount: once(() => { subscription.unsubscribe(); app.destroy(); }) };
  },
};

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) fn();
    done = true;
  };
}

/** Runs `fn`, returning what it wrote with console.warn and console.error (still shown in the log). */
async function consoleWarnings(fn: () => Promise<void>): Promise<string[]> {
  const { warn, error } = console;
  const written: string[] = [];
  console.warn = (...args: unknown[]) => { written.push(`warn: ${args.join(' ')}`); warn.apply(console, args); };
  console.error = (...args: unknown[]) => { written.push(`error: ${args.join(' ')}`); error.apply(console, args); };
  try {
    await fn();
  } finally {
    console.warn = warn;
    console.error = error;
  }
  return written;
}

const part = (el: BadGatewayBanner, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);

for (const [id, mount] of Object.entries(frameworks)) {
  describe(`README example "${id}"`, () => {
    let mod: any;
    let container: HTMLElement;
    let mounted: Mounted | undefined;
    let warnings: string[];
    let dismissals: Detail[];

    before(async () => {
      const url = `/__readme/${id}.js`;
      try {
        mod = await import(/* @vite-ignore */ url);
      } catch (error) {
        // A README example that does not compile answers 500 with the compiler's message, which
        // a failed import does not show: fetch it to fail with that message instead.
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: ${response.status}\n${await response.text()}`);
        throw error;
      }
    });

    beforeEach(async () => {
      container = document.createElement('div');
      document.body.append(container);
      dismissals = [];
      warnings = await consoleWarnings(async () => {
        mounted = await mount(mod, container, (detail) => dismissals.push(detail));
      });
    });

    afterEach(() => {
      mounted?.unmount();
      mounted = undefined;
      container.remove();
    });

    /** The README's banner, as rendered by the framework. */
    function banner(): BadGatewayBanner {
      const el = container.querySelector('bad-gateway-banner');
      expect(el, 'no <bad-gateway-banner> in the container').to.be.instanceOf(HTMLElement);
      return el!;
    }

    /** What the page client does during an incident: show the banner with the failure. */
    async function show(el: BadGatewayBanner): Promise<void> {
      el.hidden = false;
      el.kind = 'status';
      el.status = 502;
      await el.updateComplete;
    }

    it('compiles from the README without warnings', () => {
      expect(mod.compileWarnings).to.deep.equal([]);
    });

    it('mounts without a framework warning', () => {
      expect(warnings).to.deep.equal([]);
    });

    it('renders the defined element, hidden and inline', async () => {
      const el = banner();
      expect(el).to.be.instanceOf(customElements.get('bad-gateway-banner')!);
      await el.updateComplete;
      expect(el.hidden).to.equal(true);
      expect(getComputedStyle(el).display).to.equal('none');
      expect(el.position).to.equal('inline');
    });

    it('passes strings as a property, not an attribute', () => {
      const el = banner();
      expect(el.strings).to.deep.equal({ retry: 'Try again' });
      expect(el.hasAttribute('strings')).to.equal(false);
    });

    it('slots the site’s own message', async () => {
      const el = banner();
      await el.updateComplete;
      const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!;
      const slotted = slot.assignedNodes({ flatten: true }).map((node) => node.textContent).join('');
      expect(slotted).to.contain('Orders by phone');
    });

    it('uses the strings once the page client shows it', async () => {
      const el = banner();
      await show(el);
      expect(getComputedStyle(el).display).not.to.equal('none');
      expect(part(el, 'retry-button')!.textContent!.trim()).to.equal('Try again');
    });

    it('calls the dismiss handler once with the event’s detail', async () => {
      const el = banner();
      await show(el);
      part(el, 'dismiss-button')!.click();
      expect(dismissals).to.have.length(1);
      expect(dismissals[0].url).to.be.a('string');
      // Nobody cancelled the event, so the banner hid itself.
      expect(el.hidden).to.equal(true);
    });

    it('unmounts, taking the banner away', () => {
      banner();
      mounted!.unmount();
      expect(container.querySelector('bad-gateway-banner')).to.equal(null);
    });
  });
}
