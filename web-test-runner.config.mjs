import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { startWebKitDriver, MINIBROWSER } from './test/servers/webkit-driver.mjs';
import { sitesPlugin } from './test/servers/sites-plugin.mjs';
import { readmePlugin } from './test/servers/readme-plugin.mjs';

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

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  browsers,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  middleware: [sites.middleware],
  plugins: [sites, readmePlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
};
