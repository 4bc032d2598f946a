// The browser meets genuine gateway answers on its own origin: the ground the SDK's tests stand on.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

const site = (payload: Record<string, unknown>) => executeServerCommand('site', payload);

describe('test gateway as the browser sees it', () => {
  it('proxies a site and answers a genuine 502 from the Node gateway when its origin is down', async () => {
    const id = 'gw-' + Math.random().toString(36).slice(2);
    const { base } = await site({ action: 'start', id }) as { base: string };
    try {
      const up = await fetch(base + 'news.html');
      expect(up.status).to.equal(200);
      expect(await up.text()).to.contain('News from the trail');
      await site({ action: 'mode', id, mode: 'down' });
      const down = await fetch(base + 'news.html');
      expect(down.status).to.equal(502);
      expect(down.headers.get('server')).to.equal('demo-gateway');
    } finally {
      await site({ action: 'stop', id });
    }
  });

  it('can put a real nginx in front of the origin (its own 502 and Server header)', async function () {
    const available = await site({ action: 'nginxAvailable' });
    if (!available) {
      console.warn('!!! nginx is not installed: SKIPPING the nginx browser test');
      this.skip();
    }
    const id = 'ngx-' + Math.random().toString(36).slice(2);
    const { base } = await site({ action: 'start', id, via: 'nginx' }) as { base: string };
    try {
      await site({ action: 'mode', id, mode: 'down' });
      const down = await fetch(base + 'news.html');
      expect(down.status).to.equal(502);
      expect(down.headers.get('server')).to.match(/^nginx/);
      const log = await site({ action: 'accessLog', id }) as string[];
      expect(log.some((line) => line.includes(`GET ${base}news.html`))).to.equal(true);
    } finally {
      await site({ action: 'stop', id });
    }
  });
});
