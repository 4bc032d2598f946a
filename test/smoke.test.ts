import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
it('proxies a site and reports a genuine 502 when its origin is down', async () => {
  const id = 'smoke-' + Math.random().toString(36).slice(2);
  const { base } = await executeServerCommand('site', { action: 'start', id }) as { base: string };
  const up = await fetch(base + 'news.html');
  expect(up.status).to.equal(200);
  expect(await up.text()).to.contain('News from the trail');
  await executeServerCommand('site', { action: 'mode', id, mode: 'down' });
  const down = await fetch(base + 'news.html');
  expect(down.status).to.equal(502);
  await executeServerCommand('site', { action: 'stop', id });
});
