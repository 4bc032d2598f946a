// What the page is told about a failure.
import { expect } from '@open-wc/testing';
import { SAVED_AT_HEADER, SERVED_HEADER } from '../../core/protocol.js';
import { Failure, toIncident } from '../../sw/failure.js';

describe('toIncident', () => {
  const navigation = { url: 'https://shop.example/news', mode: 'navigate', destination: 'iframe' };

  it('describes a gateway answer: status, Retry-After, which server answered, the copy served', () => {
    const failed = new Response('', { status: 503, headers: { 'retry-after': '120', server: 'nginx/1.22.1' } });
    const copy = new Response('', { headers: { [SERVED_HEADER]: 'copy', [SAVED_AT_HEADER]: '1700000000000' } });
    expect(toIncident(new Failure('status', failed), navigation, copy, 42, true)).to.deep.equal({
      kind: 'status', url: 'https://shop.example/news', destination: 'document', status: 503, served: 'copy',
      savedAt: 1700000000000, retryAfter: '120', server: 'nginx/1.22.1', online: true, at: 42,
    });
  });

  it('describes a timeout answered with the fallback page, and a subresource with nothing to serve', () => {
    const fallback = new Response('', { headers: { [SERVED_HEADER]: 'fallback' } });
    expect(toIncident(new Failure('timeout'), navigation, fallback, 1, false)).to.deep.equal({
      kind: 'timeout', url: navigation.url, destination: 'document', served: 'fallback', online: false, at: 1,
    });
    const image = { url: 'https://shop.example/logo.svg', mode: 'no-cors', destination: 'image' };
    expect(toIncident(new Failure('network'), image, undefined, 1, true)).to.include({ destination: 'image', served: 'none' });
  });
});
