#!/usr/bin/env node
// Soak drill (on demand: `npm run soak`, optionally `-- 3000` navigations): the built SDK on
// the demo site behind nginx, while the origin flips at random between up, down, hanging and
// 503. After every navigation it checks that the visitor never got a wrong page:
//   - never another URL's content;
//   - never an error page out of a cache (a copy is always a 200 page of that URL);
//   - never a saved copy while the origin was up for the whole navigation;
//   - with the origin up, always the current version.
import { startDrillSite, launchChromium, controlled, pageState } from './harness.mjs';

const total = Number(process.argv[2] ?? 2000);
const TIMEOUT = 1000;
const PAGES = { '': /Home/, 'news.html': /News/, 'contact.html': /Contact/ };
for (let i = 0; i < 20; i++) PAGES[`gen/soak-${i}`] = new RegExp(`/gen/soak-${i}\\b`);
const MODES = ['up', 'up', 'up', 'down', 'hang', 'status'];

const site = await startDrillSite({
  install: `<script src="/bad-gateway.min.js" data-critical-pages="/ /news.html" data-timeout="${TIMEOUT}"></script>`,
});
const browser = await launchChromium();
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(site.base);
await controlled(page);

let seed = 42;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const tally = { fresh: 0, copy: 0, fallback: 0, error: 0 };
const problems = [];
let mode = 'up';

try {
  for (let n = 0; n < total; n++) {
    if (random() < 0.05) {
      mode = MODES[Math.floor(random() * MODES.length)];
      if (mode === 'up' && random() < 0.5) site.origin.bump();
      await site.origin.setMode(mode, { status: 503, headers: { 'retry-after': '1' } });
    }
    const paths = Object.keys(PAGES);
    const path = paths[Math.floor(random() * paths.length)];
    const modeBefore = mode; const versionBefore = site.origin.version;
    let response;
    try {
      response = await page.goto(site.base + path, { waitUntil: 'domcontentloaded', timeout: 10000 });
    } catch (err) {
      tally.error++;
      if (modeBefore === 'up') problems.push(`#${n} ${path}: navigation failed while the origin was up: ${err.message}`);
      continue;
    }
    const served = response.headers()['x-bad-gateway'];
    const state = await pageState(page);
    const upThroughout = modeBefore === 'up' && mode === 'up';
    if (served === 'fallback' || state.fallback) { tally.fallback++; if (upThroughout) problems.push(`#${n} ${path}: fallback page while the origin was up`); continue; }
    if (!PAGES[path].test(state.text + ' ' + state.title)) { problems.push(`#${n} ${path}: wrong page: "${state.title}"`); continue; }
    if (served === 'copy') {
      tally.copy++;
      if (response.status() !== 200) problems.push(`#${n} ${path}: copy served with status ${response.status()}`);
      if (upThroughout) problems.push(`#${n} ${path}: saved copy while the origin was up`);
    } else {
      tally.fresh++;
      if (upThroughout && path.startsWith('gen/') === false && state.version !== String(versionBefore)) problems.push(`#${n} ${path}: version ${state.version}, origin has ${versionBefore}`);
      if (response.status() >= 500 && upThroughout) problems.push(`#${n} ${path}: status ${response.status()} while up`);
    }
    if ((n + 1) % 250 === 0) console.log(`${n + 1}/${total}`, JSON.stringify(tally), `problems: ${problems.length}`);
  }
} finally {
  await browser.close();
  await site.stop();
}
console.log(`\n${total} navigations:`, tally);
if (problems.length) {
  console.error(`${problems.length} wrong pages:\n` + problems.slice(0, 50).join('\n'));
  process.exit(1);
}
console.log('no visitor got a wrong page');
