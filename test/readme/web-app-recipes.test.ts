// The README's web-app recipes (plain fetch, TanStack Query, SWR), run for real: each is
// compiled from the README at request time (GET /__readme/<id>.js, test/servers/readme-plugin.mjs)
// and loaded into a page of a real site, controlled by the real worker with apiRoutes and
// recovery 'event', behind the real test gateway. Healthy, the data is fresh; during an outage
// it comes from the saved copy with its age; when the site is back (the banner's check) the
// recipe refetches, without a reload.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { cleanUp, frame, win } from '../src/site-helpers.js';

type Banner = HTMLElement & Record<string, any>;
interface Answer { data: { version: number; path: string }; age: number | null }

const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
async function until(condition: () => unknown): Promise<void> {
  while (!(await condition())) await nextFrame();
}

/** Per recipe: how to read the data once, and how to watch it refetch by itself. */
interface Recipe {
  /** Starts using the recipe on `url`; `read()` is the latest answer the app holds (or an error). */
  use(mod: any, url: string, doc: Document): Promise<{ read(): Promise<Answer | string>; refetch(): Promise<unknown>; stop(): void }>;
}

const recipes: Record<string, Recipe> = {
  'recipe-fetch': {
    async use(mod, url) {
      let latest: Promise<Answer | string> = Promise.resolve('');
      const refetch = () => (latest = mod.example.getJSON(url).catch((e: Error) => e.message));
      const stop = mod.example.onSiteBack(refetch);
      await refetch();
      return { read: () => latest, refetch, stop };
    },
  },
  'recipe-tanstack': {
    async use(mod, url) {
      // An observer, as a component's useQuery() makes: it keeps the query active, so
      // invalidateQueries() refetches it.
      const observer = new mod.QueryObserver(mod.example.queryClient, { queryKey: [url], retry: false });
      const unsubscribe = observer.subscribe(() => undefined);
      const read = async () => {
        const result = observer.getCurrentResult();
        return result.status === 'error' ? result.error.message : result.data;
      };
      await until(() => observer.getCurrentResult().status !== 'pending');
      return { read, refetch: () => observer.refetch(), stop: () => { unsubscribe(); mod.example.queryClient.clear(); } };
    },
  },
  'recipe-swr': {
    async use(mod, url, doc) {
      const container = doc.body.appendChild(doc.createElement('div'));
      const root = mod.createRoot(container);
      mod.flushSync(() => root.render(mod.createElement(mod.example.Items, { url })));
      const text = () => container.textContent ?? '';
      await until(() => !/Loading/.test(text()));
      const read = async (): Promise<Answer | string> => {
        const error = container.querySelector('.error');
        if (error) return error.textContent!.replace('Unavailable: ', '');
        const version = Number(/version (\d+)/.exec(text())?.[1]);
        const age = /as of (\d+) s ago/.exec(text())?.[1];
        return { data: { version, path: '' }, age: age === undefined ? null : Number(age) };
      };
      // "The app asks again" (SWR's own revalidation on focus or reconnect does the same).
      const refetch = () => mod.mutate(url);
      return { read, refetch, stop: () => root.unmount() };
    },
  },
};

describe('README web-app recipes (real worker, real gateway)', () => {
  let id: string;
  let base: string;
  let f: HTMLIFrameElement;
  const site = (action: string, more: object = {}) => executeServerCommand('site', { action, id, ...more });
  const abs = (path = '') => new URL(base + path, location.href).href;
  const banner = () => f.contentDocument?.querySelector('bad-gateway-banner') as Banner | null;

  beforeEach(async () => {
    id = 'recipe-' + Math.random().toString(36).slice(2, 10);
    base = `/o/${id}/`;
    const tag = `<script src="${base}bad-gateway.min.js" data-sw="${base}bad-gateway-sw.js" data-scope="${base}" data-api-routes="${base}api/" data-recovery="event"
      data-retry-jitter="none" data-retry-initial-delay="60000" data-retry-min-delay="60000"></script>`;
    await executeServerCommand('site', { action: 'start', id, inject: tag });
    f = await frame(abs());
    await until(() => win(f).navigator.serviceWorker.controller);
  });

  afterEach(async () => {
    f?.remove();
    await cleanUp(base);
    await site('stop');
  });

  for (const [name, recipe] of Object.entries(recipes)) {
    it(`${name}: fresh data, then the saved copy with its age during an outage, then fresh again without a reload`, async () => {
      // Loaded into the site's page, so its fetch is that page's (the worker controls it).
      const mod = await win(f).eval(`import(${JSON.stringify(new URL(`/__readme/${name}.js`, location.href).href)})`);
      expect(mod.compileWarnings ?? []).to.deep.equal([]);
      const url = abs('api/items.json');
      const app = await recipe.use(mod, url, f.contentDocument!);
      try {
        expect(await app.read()).to.deep.include({ age: null });
        expect(((await app.read()) as Answer).data.version).to.equal(1);
        await until(async () => Boolean(await caches.match(url, { ignoreVary: true })));

        await site('mode', { mode: 'status', status: 502 });
        await app.refetch();
        await until(async () => ((await app.read()) as Answer).age !== null);
        const copy = (await app.read()) as Answer;
        expect(copy.data.version).to.equal(1);
        expect(copy.age).to.be.a('number').and.at.least(0);
        await until(() => banner()?.served === 'data');

        win(f).notReloaded = true;
        await site('bump');
        await site('mode', { mode: 'up' });
        await until(() => banner()?.shadowRoot?.querySelector('[part~="retry-button"]'));
        (banner()!.shadowRoot!.querySelector('[part~="retry-button"]') as HTMLElement).click();
        // bad-gateway:recovered: the recipe refetches by itself.
        await until(async () => ((await app.read()) as Answer).data?.version === 2);
        expect(((await app.read()) as Answer).age).to.equal(null);
        expect(win(f).notReloaded).to.equal(true);
      } finally {
        app.stop();
      }
    });
  }
});
