// core/ in Node, no browser and no worker: the rules the service worker and the edge share.
// The TypeScript sources are bundled with esbuild for Node to import (Node 20 runs no .ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

async function load(entry) {
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].contents).toString('base64'));
}
const policy = await load('core/policy.ts');
const meta = await load('core/incident-meta.ts');

const req = (headers = {}, url = 'https://shop.example/news', method = 'GET') => ({ url, method, headers: new Headers(headers) });
const res = (headers = {}, status = 200) => ({ status, type: 'basic', headers: new Headers(headers) });

test('mayShare: only answers the origin marks shareable, or under a declared public route', () => {
  assert.equal(policy.mayShare(req(), res({ 'cache-control': 'public, max-age=60' }), []), true);
  assert.equal(policy.mayShare(req(), res({ 'cache-control': 'max-age=0, s-maxage=300' }), []), true);
  assert.equal(policy.mayShare(req(), res({ 'cache-control': 'no-cache' }), []), false, 'unmarked');
  assert.equal(policy.mayShare(req(), res(), []), false, 'no Cache-Control at all');
  assert.equal(policy.mayShare(req({}, 'https://shop.example/blog/post'), res(), ['/blog']), true);
  assert.equal(policy.mayShare(req({}, 'https://shop.example/blog'), res(), ['/blog/']), false, '/blog/ does not take /blog');
  assert.equal(policy.mayShare(req({}, 'https://shop.example/blogroll'), res(), ['/blog']), false, 'a prefix is a path segment, not characters');
});

test('mayShare: never Set-Cookie, private, no-store or Authorization — not even under a public route or with public', () => {
  const routes = ['/'];
  assert.equal(policy.mayShare(req(), res({ 'cache-control': 'public', 'set-cookie': 'id=1' }), routes), false);
  assert.equal(policy.mayShare(req(), res({ 'cache-control': 'public, private' }), routes), false);
  assert.equal(policy.mayShare(req(), res({ 'cache-control': 'private="set-cookie"' }), routes), false);
  assert.equal(policy.mayShare(req(), res({ 'cache-control': 'PUBLIC, No-Store' }), routes), false);
  assert.equal(policy.mayShare(req({ authorization: 'Bearer x' }), res({ 'cache-control': 'public' }), routes), false);
  // A directive name inside another's value is not that directive.
  assert.equal(policy.mayShare(req(), res({ 'cache-control': 'no-cache="publicity"' }), []), false);
});

test('isEdgeHandled: GETs only, never probes, ranges or requests with Authorization', () => {
  assert.equal(policy.isEdgeHandled(req()), true);
  for (const method of ['POST', 'HEAD', 'PUT', 'DELETE']) assert.equal(policy.isEdgeHandled(req({}, undefined, method)), false, method);
  assert.equal(policy.isEdgeHandled(req({ 'x-bad-gateway-probe': '1' })), false);
  assert.equal(policy.isEdgeHandled(req({ range: 'bytes=0-99' })), false);
  assert.equal(policy.isEdgeHandled(req({ authorization: 'Basic eA==' })), false);
});

test('wantsPage: navigations by Fetch Metadata, else by Accept (crawlers send none)', () => {
  assert.equal(policy.wantsPage(new Headers({ 'sec-fetch-mode': 'navigate' })), true);
  assert.equal(policy.wantsPage(new Headers({ 'sec-fetch-mode': 'cors', accept: 'text/html' })), false, 'fetch() of HTML is not a navigation');
  assert.equal(policy.wantsPage(new Headers({ accept: 'text/html,application/xhtml+xml' })), true);
  assert.equal(policy.wantsPage(new Headers({ accept: 'image/avif,*/*' })), false);
});

test('shouldSave (both runtimes): a 200, never an answer a bad-gateway already served as a copy or fallback', () => {
  assert.equal(policy.shouldSave(res({}), 1000), true);
  assert.equal(policy.shouldSave(res({ 'x-bad-gateway': 'copy' }), 1000), false);
  assert.equal(policy.shouldSave(res({}, 502), 1000), false);
  assert.equal(policy.shouldSave(res({ 'cache-control': 'no-store' }), 1000), false);
  assert.equal(policy.shouldSave(res({ 'content-length': '2000' }), 1000), false);
});

test('isServable, staleIfError and ageSeconds in Node', () => {
  assert.equal(policy.isServable(0, 60_000, 60, null), true);
  assert.equal(policy.isServable(0, 60_001, 60, null), false);
  assert.equal(policy.isServable(0, 20_000, 60, policy.staleIfError('public, stale-if-error=10')), false);
  assert.equal(policy.ageSeconds(1000, 62_500), 61);
});

test('incident meta: written by the edge, read by the page, only known fields of the right types', () => {
  const incident = { kind: 'status', url: 'https://shop.example/a?b="c"&d', destination: 'document', served: 'copy', online: true, at: 5, status: 502, savedAt: 1, retryAfter: '120', server: 'nginx' };
  const tag = meta.incidentMeta(incident);
  assert.doesNotMatch(tag.slice(tag.indexOf('content="') + 9, -2), /["<>]/, 'escaped for an attribute');
  const content = tag.match(/content="([^"]*)"/)[1].replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'");
  assert.deepEqual(meta.readIncidentMeta(content), incident);
  assert.equal(meta.readIncidentMeta('not json'), null);
  assert.equal(meta.readIncidentMeta(null), null);
  assert.equal(meta.readIncidentMeta('{"kind":"evil","url":"x","served":"copy","at":1}'), null);
  assert.equal(meta.readIncidentMeta('{"kind":"network","url":"x","served":"none","at":1}'), null, 'the edge only writes copies and fallbacks');
  assert.equal(meta.readIncidentMeta('[]'), null);
  assert.deepEqual(meta.readIncidentMeta('{"kind":"network","url":"x","served":"fallback","at":1}'),
    { kind: 'network', url: 'x', destination: 'document', served: 'fallback', online: true, at: 1 });
});

test('routeMatcher: a path takes itself and what is under it; a RegExp (as source and flags) is tested against path and query', () => {
  const match = policy.routeMatcher(['/api', '/v2/', { source: '^/graphql\\?op=', flags: 'gi' }, { source: '(', flags: '' }]);
  const at = (path) => match(new URL(path, 'https://shop.example'));
  assert.equal(at('/api'), true);
  assert.equal(at('/api/items.json?page=2'), true);
  assert.equal(at('/apix'), false, 'a prefix is a path segment, not characters');
  assert.equal(at('/v2/orders'), true);
  assert.equal(at('/v2'), false, "'/v2/' does not take /v2");
  assert.equal(at('/GraphQL?op=stock'), true, 'flags kept (i)');
  assert.equal(at('/GraphQL?op=stock'), true, 'a g flag carries no state from one test to the next');
  assert.equal(at('/graphql'), false);
  assert.equal(policy.routeMatcher([])(new URL('https://shop.example/api')), false);
});

test('isHandled: data calls under the API routes, never with Authorization, Range or as an event stream', () => {
  const api = policy.routeMatcher(['/api/']);
  const call = (headers = {}, more = {}) => ({ url: 'https://shop.example/api/items', method: 'GET', mode: 'cors', destination: '', headers: new Headers(headers), ...more });
  assert.equal(policy.isHandled(call(), 'https://shop.example', api), true);
  assert.equal(policy.isHandled(call(), 'https://shop.example'), false, 'no API routes: data calls are not handled');
  assert.equal(policy.isHandled(call({}, { url: 'https://shop.example/other' }), 'https://shop.example', api), false);
  assert.equal(policy.isHandled(call({}, { url: 'https://api.example/api/items' }), 'https://shop.example', api), false);
  assert.equal(policy.isHandled(call({ authorization: 'Bearer x' }), 'https://shop.example', api), false);
  assert.equal(policy.isHandled(call({ range: 'bytes=0-9' }), 'https://shop.example', api), false);
  assert.equal(policy.isHandled(call({ accept: 'text/event-stream' }), 'https://shop.example', api), false);
  assert.equal(policy.isHandled(call({ 'x-bad-gateway-probe': '1' }), 'https://shop.example', api), false);
  for (const method of ['POST', 'PUT', 'DELETE', 'HEAD']) assert.equal(policy.isHandled(call({}, { method }), 'https://shop.example', api), false, method);
});

test('wantsShell: not an API route, not a file', () => {
  const api = policy.routeMatcher(['/app/api/']);
  const shell = (path) => policy.wantsShell(new URL(path, 'https://shop.example'), api);
  assert.equal(shell('/app/orders/7'), true);
  assert.equal(shell('/app/orders/7?tab=items'), true);
  assert.equal(shell('/app/v1.2/'), true, 'a dot in a folder is not a file');
  assert.equal(shell('/app/about.html'), true);
  assert.equal(shell('/app/report.pdf'), false);
  assert.equal(shell('/app/feed.xml'), false);
  assert.equal(shell('/app/api/items'), false);
});

test('shouldSave: no-store only when the site asks for it (saveNoStore)', () => {
  const nextjs = res({ 'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate' });
  assert.equal(policy.shouldSave(nextjs, 1000), false);
  assert.equal(policy.shouldSave(nextjs, 1000, true), true);
  assert.equal(policy.shouldSave(res({ 'cache-control': 'no-store' }, 502), 1000, true), false, 'never an error');
});
