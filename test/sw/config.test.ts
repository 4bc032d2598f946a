// installBadGateway() and badGatewayPlugin() take a configuration written by hand: a bad
// option fails at once, naming itself.
import { expect } from '@open-wc/testing';
import { BadGatewayError } from '../../core/errors.js';
import { WORKER_DEFAULTS } from '../../core/worker-config.js';
import { resolveConfig } from '../../sw/config.js';

const base = 'https://shop.example/bad-gateway-sw.js';

function fails(partial: Record<string, unknown>): BadGatewayError {
  try { resolveConfig(partial, base); } catch (error) { return error as BadGatewayError; }
  throw new Error('did not throw');
}

describe('resolveConfig', () => {
  it('fills in the defaults and resolves relative URLs against the worker', () => {
    const config = resolveConfig({ criticalPages: ['/', 'help.html'], fallbackPage: '/offline.html', timeout: 2500 }, base);
    expect(config.criticalPages).to.deep.equal(['https://shop.example/', 'https://shop.example/help.html']);
    expect(config.fallbackPage).to.equal('https://shop.example/offline.html');
    expect(config.timeout).to.equal(2500);
    expect(config.maxEntries).to.equal(WORKER_DEFAULTS.maxEntries);
  });

  it('takes API routes as paths or RegExps and the app shell relative to the worker', () => {
    const config = resolveConfig({ apiRoutes: ['/api/', /^\/v2\//i], appShell: 'app.html', saveNoStore: true }, base);
    expect(config.apiRoutes).to.deep.equal(['/api/', { source: '^\\/v2\\/', flags: 'i' }]);
    expect(config).to.include({ appShell: 'https://shop.example/app.html', saveNoStore: true });
    expect(fails({ apiRoutes: ['api'] }).message).to.contain("paths starting with '/'");
    expect(fails({ saveNoStore: 1 }).option).to.equal('saveNoStore');
  });

  it('treats undefined as not given', () => {
    expect(resolveConfig({ timeout: undefined }, base).timeout).to.equal(WORKER_DEFAULTS.timeout);
  });

  it('names a malformed option and what it accepts', () => {
    const error = fails({ timeout: -1 });
    expect(error).to.be.instanceOf(BadGatewayError);
    expect(error.code).to.equal('bad-option');
    expect(error.option).to.equal('timeout');
    expect(error.message).to.contain('"timeout" must be a number of milliseconds above 0; got -1');
    expect(fails({ fallbackStatuses: [404] }).option).to.equal('fallbackStatuses');
    expect(fails({ lang: 'english please' }).option).to.equal('lang');
    expect(fails({ maxEntries: 2.5 }).option).to.equal('maxEntries');
  });

  it('names an unknown option', () => {
    const error = fails({ timeOut: 3000 });
    expect(error.option).to.equal('timeOut');
    expect(error.message).to.contain('unknown option');
  });
});
