// The few browser operations the outage drills need, for each engine, so the drills are
// written once and run in all three (Debian's builds, nothing downloaded):
//   - Chromium: playwright-core (CDP), /usr/bin/chromium;
//   - Firefox: puppeteer-core over WebDriver BiDi, /usr/bin/firefox-esr;
//   - WebKit: WebKitGTK's WebKitWebDriver + MiniBrowser (under xvfb-run), driven by
//     webdriverio in classic WebDriver mode.
// A page here offers the subset of Playwright's Page that harness.mjs's helpers use
// (evaluate, waitForFunction, waitForLoadState, waitForTimeout), so they work on every engine.
//
// What an engine cannot do is stated in `can`, and the drills name it in the test's title:
//   - status/headers: classic WebDriver has no network events, so a navigation's HTTP status
//     and headers are not readable (and WebKitGTK 2.50 has no
//     PerformanceNavigationTiming.responseStatus to read it from the page either);
//   - offline: classic WebDriver has no network emulation; Firefox's (WebDriver BiDi
//     emulation.setNetworkConditions) does not cover the service worker's fetches.
import puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { launchChromium } from './harness.mjs';
import { startWebKitDriver, MINIBROWSER } from '../servers/webkit-driver.mjs';

/** Every engine; BG_BROWSERS=chromium,firefox narrows a local run (as for web-test-runner). */
export const ENGINES = (process.env.BG_BROWSERS ?? 'chromium,firefox,webkit').split(',').map((e) => e.trim()).filter(Boolean);
const KNOWN = ['chromium', 'firefox', 'webkit'];
for (const e of ENGINES) if (!KNOWN.includes(e)) throw new Error(`BG_BROWSERS: unknown engine "${e}" (accepts ${KNOWN.join(', ')})`);

export const LABEL = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/** What each engine's driver can do (see the top of this file). */
export const CAN = {
  chromium: { status: true, offline: true, offlineWorker: true },
  // Firefox's offline emulation covers the pages (navigator.onLine is false, their requests
  // fail) but not their service worker's own fetches, which still reach the network.
  firefox: { status: true, offline: true, offlineWorker: false },
  webkit: { status: false, offline: false, offlineWorker: false },
};

const DEFAULT_TIMEOUT = 30000; // Playwright's default for waitForFunction
const POLL = 50;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An error thrown because the page navigated (or was navigating) while a script ran in it:
 * the script is run again on the page that is there.
 */
const NAVIGATING = /context was destroyed|navigat(?!or)|detached|Inspected target|no such (?:frame|window)|javascript error: .*(?:unload|document)/i;

/**
 * Polls `fn(arg)` (may be async) in the page until it returns something truthy, and resolves
 * with that; rejects after `timeout` ms. A page that navigates meanwhile is polled again.
 */
async function poll(evaluate, fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await evaluate(fn, arg);
      if (value) return value;
    } catch (error) {
      if (!NAVIGATING.test(error.message)) throw error;
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`waitForFunction: not true after ${timeout} ms: ${fn}${last ? ` (last error: ${last.message})` : ''}`);
    await delay(POLL);
  }
}

/** Starts an engine: `{ name, label, can, newProfile(), close() }`. */
export async function launchEngine(name) {
  if (name === 'chromium') return chromium();
  if (name === 'firefox') return firefox();
  if (name === 'webkit') return webkit();
  throw new Error(`launchEngine: unknown engine "${name}" (accepts ${KNOWN.join(', ')})`);
}

/**
 * A navigation's answer where the engine can read it: `{ status, headers }`, each null when
 * it cannot.
 */
const answer = (response) => ({ status: response?.status() ?? null, headers: response?.headers() ?? null });

async function chromium() {
  const browser = await launchChromium();
  return {
    name: 'chromium', label: 'Chromium', can: CAN.chromium,
    async newProfile() {
      const context = await browser.newContext();
      const wrap = (page) => ({
        ...common(page),
        async goto(url, { waitUntil = 'load' } = {}) { return answer(await page.goto(url, { waitUntil })); },
        async reload() { return answer(await page.reload({ waitUntil: 'load' })); },
        // Our own polling, as for the other engines: Playwright's waitForFunction does not await
        // a predicate's promise (an async predicate's promise counts as truthy at once).
        waitForFunction: (fn, arg, options) => poll((f, a) => page.evaluate(f, a), fn, arg, options),
        waitForLoadState: (state = 'load') => page.waitForLoadState(state),
        type: (selector, text) => page.locator(selector).pressSequentially(text),
        async clickToNavigate(selector) {
          const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
          return answer(response);
        },
      });
      return {
        newPage: async () => wrap(await context.newPage()),
        setOffline: (offline) => context.setOffline(offline),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** What Playwright's and Puppeteer's pages share. */
function common(page) {
  return {
    url: () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitForTimeout: delay,
    close: () => page.close(),
  };
}

async function firefox() {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true });
  return {
    name: 'firefox', label: 'Firefox', can: CAN.firefox,
    async newProfile() {
      // A BiDi user context: its own cookies, storage, caches and service workers.
      const context = await browser.createBrowserContext();
      const pages = [];
      let offline = false;
      const wrap = (page) => {
        const self = {
          ...common(page),
          async goto(url, { waitUntil = 'load' } = {}) { return answer(await page.goto(url, { waitUntil })); },
          async reload() { return answer(await page.reload({ waitUntil: 'load' })); },
          // Our own polling: Puppeteer's default (requestAnimationFrame) stalls in background tabs.
          waitForFunction: (fn, arg, options) => poll(self.evaluate, fn, arg, options),
          waitForLoadState: () => poll(self.evaluate, () => document.readyState === 'complete', null),
          type: (selector, text) => page.type(selector, text),
          async clickToNavigate(selector) {
            const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
            return answer(response);
          },
        };
        return self;
      };
      return {
        async newPage() {
          const page = await context.newPage();
          pages.push(page);
          if (offline) await page.setOfflineMode(true);
          return wrap(page);
        },
        // Puppeteer emulates the network per page: the profile's pages all go offline.
        async setOffline(value) {
          offline = value;
          for (const page of pages) await page.setOfflineMode(value);
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

const WEBKIT_CAPABILITIES = {
  browserName: 'MiniBrowser',
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
};

async function webkit() {
  const driver = await startWebKitDriver();
  const sessions = new Set();
  return {
    name: 'webkit', label: 'WebKit', can: CAN.webkit,
    async newProfile() {
      // Each session is a new MiniBrowser with an ephemeral (empty) website data store.
      const session = await remote({ hostname: '127.0.0.1', port: driver.port, path: '/', logLevel: 'error', capabilities: WEBKIT_CAPABILITIES });
      sessions.add(session);
      // Classic WebDriver talks to one window at a time: commands queue here, each for its window.
      let queue = Promise.resolve();
      let current = await session.getWindowHandle();
      let firstFree = true;
      const inWindow = (handle, command) => {
        const run = queue.then(async () => {
          if (current !== handle) { await session.switchToWindow(handle); current = handle; }
          return command();
        });
        queue = run.catch(() => {});
        return run;
      };
      const wrap = (handle) => {
        const self = {
          url: () => inWindow(handle, () => session.getUrl()),
          async goto(url) { await inWindow(handle, () => session.url(url)); return { status: null, headers: null }; },
          async reload() { await inWindow(handle, () => session.refresh()); return { status: null, headers: null }; },
          // A promise returned by the script is awaited by the driver (WebDriver "execute script").
          evaluate: (fn, arg) => inWindow(handle, () => session.execute(fn, arg ?? null)),
          waitForFunction: (fn, arg, options) => poll(self.evaluate, fn, arg, options),
          waitForLoadState: () => poll(self.evaluate, () => document.readyState === 'complete', null),
          waitForTimeout: delay,
          type: (selector, text) => inWindow(handle, async () => (await session.$(selector)).addValue(text)),
          async clickToNavigate(selector) {
            // No network events to wait on: mark the document, click, and wait for a new, loaded one.
            await self.evaluate(() => { window.__bgBeforeClick = true; });
            await inWindow(handle, async () => (await session.$(selector)).click());
            await poll(self.evaluate, () => !window.__bgBeforeClick && document.readyState === 'complete', null);
            return { status: null, headers: null };
          },
          close: () => inWindow(handle, () => session.closeWindow()),
        };
        return self;
      };
      return {
        async newPage() {
          if (firstFree) { firstFree = false; return wrap(current); }
          const { handle } = await inWindow(current, () => session.createWindow('tab'));
          return wrap(handle);
        },
        async setOffline() { throw new Error('WebKit over classic WebDriver has no offline emulation'); },
        async close() { sessions.delete(session); await session.deleteSession(); },
      };
    },
    async close() {
      for (const session of sessions) await session.deleteSession().catch(() => {});
      driver.stop();
    },
  };
}
