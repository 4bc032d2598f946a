// What a web app's data call costs through the worker: the same fetch() of a small JSON answer
// from a healthy site with no worker, with the worker watching only (the call is not under
// apiRoutes, so the worker leaves it to the browser and the page only reads Resource Timing),
// and under apiRoutes (network first, a copy saved after the app has the answer).
import { launch, startSite, stats, warm } from './browser.mjs';

const TAG = (routes) => `<script src="/bad-gateway.min.js" data-critical-pages="/" data-timeout="4000"${routes ? ' data-api-routes="/api/"' : ''}></script>`;
export const API_LABELS = { none: 'no worker', observed: 'bad-gateway, call observed only', api: 'bad-gateway, call under apiRoutes' };

/** `calls` fetches of the same JSON URL in a row, each timed from the call to its parsed body. */
const timeCalls = async ([url, calls]) => {
  const times = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await (await fetch(url)).json();
    times.push(performance.now() - start);
  }
  return times;
};

/** Median and p95 of one call (ms) per configuration, rounds interleaved so drift hits all alike. */
export async function apiCalls({ rounds = 30, calls = 10 } = {}) {
  const browser = await launch();
  const sites = {
    none: await startSite('none', ''),
    observed: await startSite('ours', TAG(false)),
    api: await startSite('ours', TAG(true)),
  };
  const times = { none: [], observed: [], api: [] };
  try {
    const tabs = {};
    for (const [kind, site] of Object.entries(sites)) tabs[kind] = await warm(browser, { ...site, kind: kind === 'none' ? 'none' : 'ours' });
    for (let r = 0; r < rounds; r++) {
      for (const [kind, site] of Object.entries(sites)) {
        times[kind].push(...await tabs[kind].page.evaluate(timeCalls, [`${site.base}api/items.json`, calls]));
      }
    }
    for (const tab of Object.values(tabs)) await tab.context.close();
  } finally {
    await browser.close();
    for (const site of Object.values(sites)) { site.server.close(); await site.origin.close(); }
  }
  return Object.fromEntries(Object.entries(times).map(([kind, t]) => [kind, stats(t)]));
}
