// The README's WordPress tag (`<!-- example: wordpress-tag -->`): its attributes are valid
// options, and with them the worker never saves, serves or warms WordPress's admin, login and
// REST paths, nor its sign-out link. (A WordPress from Debian's packages behind nginx is the
// plugin's test; this holds the hand-written tag to the same rules, through the same code:
// src/options.ts reads the tag, core/warm-policy.ts and core/policy.ts decide.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { example } from '../readme/examples.mjs';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const entry = `export { optionsFromDataset, resolveOptions } from './src/options.ts';
export { mayWarm } from './core/warm-policy.ts';
export { routeMatcher } from './core/policy.ts';`;
const out = await build({ stdin: { contents: entry, resolveDir: new URL('../..', import.meta.url).pathname, loader: 'ts' }, bundle: true, format: 'esm', write: false, logLevel: 'silent' });
const { optionsFromDataset, resolveOptions, mayWarm, routeMatcher } = await import('data:text/javascript,' + encodeURIComponent(out.outputFiles[0].text));

/** The tag's data-* attributes as a dataset (camelCase keys). */
function dataset(html) {
  const found = {};
  for (const [, name, value] of html.matchAll(/\sdata-([\w-]+)="([^"]*)"/g)) found[name.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = value;
  return found;
}

const SITE = 'https://blog.example/';
const settings = resolveOptions(optionsFromDataset(dataset(example(README, 'wordpress-tag').code)), SITE + 'hello-world/');

test('the tag is valid: warming on, critical pages with WordPress\'s trailing slashes', () => {
  assert.equal(settings.worker.warm, true);
  assert.deepEqual(settings.worker.criticalPages, [SITE, SITE + 'about/', SITE + 'contact/']);
});

test('the admin, the login page and the REST API are never saved or served (ignore), nor warmed', () => {
  const ignored = routeMatcher(settings.worker.ignore);
  for (const path of ['wp-admin/', 'wp-admin/profile.php', 'wp-login.php', 'wp-json/wp/v2/posts', 'my-account/orders/']) {
    assert.ok(ignored(new URL(SITE + path)), path);
    assert.equal(mayWarm({ href: SITE + path }, SITE + 'hello-world/', SITE, settings.worker.ignore), false, path);
  }
  for (const path of ['hello-world/', 'about/', '2026/12/04/a-post/']) assert.ok(!ignored(new URL(SITE + path)), path);
});

test('warming never follows WordPress\'s sign-out link, and does follow its posts', () => {
  const page = SITE + 'hello-world/';
  assert.equal(mayWarm({ href: SITE + 'wp-login.php?action=logout&_wpnonce=abc' }, page, SITE, settings.worker.ignore), false);
  assert.equal(mayWarm({ href: SITE + '2026/12/04/a-post/' }, page, SITE, settings.worker.ignore), true);
});
