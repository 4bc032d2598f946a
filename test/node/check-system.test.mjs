// scripts/check-system.mjs, the first step of `npm test`: it names what is missing and the
// command that installs .ci/run's list, and a narrowed run needs only its engines' packages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { systemPackages, missing } from '../../scripts/check-system.mjs';

const packages = systemPackages();

test('the list is .ci/run\'s apt-get line', () => {
  assert.ok(packages.includes('nginx') && packages.includes('chromium') && packages.includes('webkit2gtk-driver'), packages.join(' '));
});

test('what is missing is named; a run narrowed to Chromium needs neither Firefox nor the WebKit driver', () => {
  const have = new Set(['chromium', 'nginx', 'apache2', 'haproxy', 'varnish', 'caddy', 'fonts-noto-cjk']);
  assert.deepEqual(missing(packages, (p) => have.has(p)), ['firefox-esr', 'webkit2gtk-driver', 'xvfb', 'xauth']);
  assert.deepEqual(missing(packages, (p) => have.has(p), ['chromium']), []);
  assert.deepEqual(missing(packages, () => false, ['chromium']), packages.filter((p) => !['firefox-esr', 'webkit2gtk-driver', 'xvfb', 'xauth'].includes(p)));
});

test('on this machine (CI installs everything first) the check passes', () => {
  execFileSync(process.execPath, ['scripts/check-system.mjs'], { stdio: 'pipe' });
});
