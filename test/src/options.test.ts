import { expect } from '@open-wc/testing';
import { BadGatewayError } from '../../core/errors.js';
import { attributeFor, optionsFromDataset, pickLanguage, resolveOptions, type Options } from '../../src/options.js';
import { DEFAULT_RETRY } from '../../src/retry-schedule.js';
import { WORKER_DEFAULTS } from '../../core/worker-config.js';

const PAGE = 'https://shop.example/catalog/page.html';

function failure(options: unknown): BadGatewayError {
  try {
    resolveOptions(options as Options, PAGE);
  } catch (error) {
    expect(error).to.be.instanceOf(BadGatewayError);
    expect((error as BadGatewayError).code).to.equal('bad-option');
    return error as BadGatewayError;
  }
  throw new Error('expected a bad-option error');
}

describe('resolveOptions', () => {
  it('fills in defaults with absolute URLs', () => {
    const s = resolveOptions(undefined, PAGE);
    expect(s.script).to.equal('https://shop.example/bad-gateway-sw.js');
    expect(s.scope).to.equal('https://shop.example/');
    expect(s.worker).to.deep.equal({ ...WORKER_DEFAULTS, fallbackStatuses: [...WORKER_DEFAULTS.fallbackStatuses] });
    expect(s.retry).to.deep.equal(DEFAULT_RETRY);
    expect(s).to.include({ banner: true, position: 'bottom', lang: 'auto', healthCheck: null, beacon: null });
  });

  it('resolves relative URLs against the page and carries them to the worker config', () => {
    const s = resolveOptions({
      serviceWorker: '../sw.js', scope: './', criticalPages: ['/', 'news.html#top'], fallbackPage: '/offline.html',
      statusPage: 'https://status.example.com/', timeout: 2500, maxAge: 3600, lang: 'zh-TW',
      cache: { maxEntries: 20 }, retry: { maxDelay: 60000 }, fallbackStatuses: [500, 502],
    }, PAGE);
    expect(s.script).to.equal('https://shop.example/sw.js');
    expect(s.scope).to.equal('https://shop.example/catalog/');
    expect(s.worker.criticalPages).to.deep.equal(['https://shop.example/', 'https://shop.example/catalog/news.html']);
    expect(s.worker).to.include({ fallbackPage: 'https://shop.example/offline.html', statusPage: 'https://status.example.com/', timeout: 2500, maxAge: 3600, maxEntries: 20, lang: 'zh-CN' });
    expect(s.worker.maxBytes).to.equal(WORKER_DEFAULTS.maxBytes);
    expect(s.worker.fallbackStatuses).to.deep.equal([500, 502]);
    expect(s.retry).to.deep.equal({ ...DEFAULT_RETRY, maxDelay: 60000 });
  });

  it('names an unknown option and suggests the one meant', () => {
    const e = failure({ critcalPages: ['/'] });
    expect(e.option).to.equal('critcalPages');
    expect(e.message).to.contain("unknown option 'critcalPages'; did you mean 'criticalPages'?");
    expect(failure({ retry: { maxdelay: 5 } }).message).to.contain("did you mean 'retry.maxDelay'?");
    expect(failure({ zzz: 1 }).message).to.contain('known options: serviceWorker, scope');
  });

  it('names the option and what it accepts for a bad value', () => {
    const cases: [Options | unknown, string, string][] = [
      [{ serviceWorker: 'https://cdn.example/sw.js' }, 'serviceWorker', 'a URL on this site (https://shop.example)'],
      [{ scope: 42 }, 'scope', 'a URL on this site'],
      [{ criticalPages: '/' }, 'criticalPages', 'an array of URLs'],
      [{ criticalPages: ['/', 'https://elsewhere.example/'] }, 'criticalPages[1]', 'a URL on this site'],
      [{ statusPage: 'javascript:alert(1)' }, 'statusPage', 'an http or https URL'],
      [{ timeout: 10 }, 'timeout', 'from 500 to 60000'],
      [{ timeout: '4000' }, 'timeout', 'milliseconds'],
      [{ retry: { jitter: 'some' } }, 'retry.jitter', "'full' or 'none'"],
      [{ retry: { minDelay: 9000, maxDelay: 5000 } }, 'retry.minDelay', 'at most retry.maxDelay'],
      [{ retry: 5 }, 'retry', 'an object'],
      [{ lang: 'english please' }, 'lang', "'auto' or a language tag"],
      [{ fallbackStatuses: [404] }, 'fallbackStatuses', 'from 500 to 599'],
      [{ position: 'left' }, 'position', "'top' or 'bottom'"],
      [{ banner: 'no' }, 'banner', 'true or false'],
      [{ contact: 'call us' }, 'contact', 'mailto:'],
      [{ strings: { title: 5 } }, 'strings', 'an object of strings'],
      [{ healthCheck: 'https://other.example/health' }, 'healthCheck', 'a URL on this site'],
      [{ cache: { maxEntries: 0 } }, 'cache.maxEntries', 'a whole number'],
      ['yes', 'options', 'an object'],
    ];
    for (const [options, option, accepts] of cases) {
      const e = failure(options);
      expect(e.option, JSON.stringify(options)).to.equal(option);
      expect(e.message, JSON.stringify(options)).to.contain(`"${option}" must be`).and.contain(accepts);
    }
  });

  it('carries the web-app options to the worker: paths as they are, a RegExp as source and flags, the shell as a URL', () => {
    const s = resolveOptions({ apiRoutes: ['/api/', /^\/v\d\//i], appShell: '/app/index.html', saveNoStore: true, recovery: 'event' }, PAGE);
    expect(s.worker.apiRoutes).to.deep.equal(['/api/', { source: '^\\/v\\d\\/', flags: 'i' }]);
    expect(s.worker).to.include({ appShell: 'https://shop.example/app/index.html', saveNoStore: true });
    expect(s.recovery).to.equal('event');
    expect(resolveOptions({}, PAGE)).to.include({ recovery: 'reload' });
    expect(resolveOptions({}, PAGE).worker).to.include({ appShell: null, saveNoStore: false });
  });

  it('names a bad web-app option and what it accepts', () => {
    const cases: [unknown, string, string][] = [
      [{ apiRoutes: '/api/' }, 'apiRoutes', "an array of paths on this site (such as '/api/') or RegExps"],
      [{ apiRoutes: ['/api/', 'api'] }, 'apiRoutes[1]', "a path on this site starting with '/'"],
      [{ apiRoutes: ['//cdn.example/api'] }, 'apiRoutes[0]', 'or a RegExp'],
      [{ apiRoutes: [42] }, 'apiRoutes[0]', "such as '/api/'"],
      [{ appShell: 'https://elsewhere.example/' }, 'appShell', 'a URL on this site (https://shop.example)'],
      [{ recovery: 'refresh' }, 'recovery', "'reload' or 'event'"],
      [{ saveNoStore: 'yes' }, 'saveNoStore', 'true or false'],
    ];
    for (const [options, option, accepts] of cases) {
      const e = failure(options);
      expect(e.option, JSON.stringify(options)).to.equal(option);
      expect(e.message, JSON.stringify(options)).to.contain(`"${option}" must be`).and.contain(accepts);
    }
    expect(failure({ apiRoute: ['/api/'] }).message).to.contain("did you mean 'apiRoutes'?");
  });

  it('accepts contact as URL or e-mail address', () => {
    for (const contact of ['mailto:ops@shop.example', 'https://shop.example/help', 'ops@shop.example']) {
      expect(resolveOptions({ contact }, PAGE).contact).to.equal(contact);
    }
  });
});

describe('pickLanguage', () => {
  it('maps Chinese tags to zh-CN and everything else to en', () => {
    expect(['zh', 'zh-CN', 'zh-Hans-SG', 'ZH-tw'].map(pickLanguage)).to.deep.equal(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
    expect(['en', 'en-GB', 'fr', 'zu'].map(pickLanguage)).to.deep.equal(['en', 'en', 'en', 'en']);
  });
});

describe('optionsFromDataset', () => {
  it('turns data-* attributes into options', () => {
    const el = document.createElement('script');
    el.setAttribute('data-sw', '/o/x/sw.js');
    el.setAttribute('data-critical-pages', ' /  /news.html ');
    el.setAttribute('data-status-page', 'https://status.example.com');
    el.setAttribute('data-timeout', '2500');
    el.setAttribute('data-lang', 'zh-CN');
    el.setAttribute('data-banner', 'false');
    el.setAttribute('data-fallback-statuses', '502 503');
    el.setAttribute('data-retry-max-delay', '60000');
    el.setAttribute('data-cache-max-entries', '10');
    el.setAttribute('data-attach', '');
    el.setAttribute('data-api-routes', '/api/  /graphql');
    el.setAttribute('data-app-shell', '/app/');
    el.setAttribute('data-recovery', 'event');
    el.setAttribute('data-save-no-store', 'true');
    expect(optionsFromDataset({ ...el.dataset })).to.deep.equal({
      apiRoutes: ['/api/', '/graphql'], appShell: '/app/', recovery: 'event', saveNoStore: true,
      serviceWorker: '/o/x/sw.js', criticalPages: ['/', '/news.html'], statusPage: 'https://status.example.com',
      timeout: 2500, lang: 'zh-CN', banner: false, fallbackStatuses: [502, 503], retry: { maxDelay: 60000 }, cache: { maxEntries: 10 },
    });
  });

  it('leaves malformed values for validation, which names the option', () => {
    const options = optionsFromDataset({ timeout: 'soon' });
    expect(options).to.deep.equal({ timeout: 'soon' });
    expect(failure(options).message).to.contain('"soon"');
  });

  it('names the attribute an option came from', () => {
    expect(['serviceWorker', 'criticalPages[2]', 'retry.maxDelay', 'statusPage', 'critcalPages', 'apiRoutes[1]', 'saveNoStore'].map(attributeFor))
      .to.deep.equal(['data-sw', 'data-critical-pages', 'data-retry-max-delay', 'data-status-page', 'data-critcal-pages', 'data-api-routes', 'data-save-no-store']);
  });
});
