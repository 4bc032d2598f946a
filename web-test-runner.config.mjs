import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { startWebKitDriver, MINIBROWSER } from './test/servers/webkit-driver.mjs';
import { sitesPlugin } from './test/servers/sites-plugin.mjs';
import { readmePlugin } from './test/servers/readme-plugin.mjs';
import { isolationPlugin } from './test/servers/isolation-plugin.mjs';
import { readdirSync } from 'node:fs';

const sites = sitesPlugin();

// BG_BROWSERS=chromium,firefox narrows a local run; CI always runs all three engines.
const wanted = (process.env.BG_BROWSERS ?? 'chromium,firefox,webkit').split(',');

const browsers = [];
if (wanted.includes('chromium')) {
  browsers.push(chromeLauncher({
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  }));
}
if (wanted.includes('firefox')) {
  browsers.push(puppeteerLauncher({
    launchOptions: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true },
  }));
}
if (wanted.includes('webkit')) {
  const driver = await startWebKitDriver();
  browsers.push(webdriverLauncher({
    automationProtocol: 'webdriver',
    hostname: '127.0.0.1',
    port: driver.port,
    path: '/',
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    },
  }));
}

/** Every browser test file, in name order; BG_ORDER=reverse runs them last to first (npm run test:reverse). */
function testFiles(dir = 'test') {
  const found = readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => `${e.parentPath ?? e.path}/${e.name}`)
    .sort();
  return process.env.BG_ORDER === 'reverse' ? found.reverse() : found;
}

export default {
  files: testFiles(),
  nodeResolve: true,
  hostname: '127.0.0.1',
  browsers,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  middleware: [sites.middleware],
  plugins: [isolationPlugin(), sites, readmePlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
};
