#!/usr/bin/env node
// First step of `npm test`: are the system packages the tests use installed? If not, stop at
// once with one message naming what is missing and the one command that installs it all,
// rather than minutes of cancelled suites. The list is .ci/run's own apt-get line, so the
// README, CI and this check cannot drift apart (test/node/readme.test.mjs holds the README to it).
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The packages .ci/run installs, in its order. */
export function systemPackages(ciRun = readFileSync(root + '.ci/run', 'utf8')) {
  const line = /apt-get install -y ([^\n]+)/.exec(ciRun);
  if (!line) throw new Error('.ci/run has no apt-get install line');
  return line[1].trim().split(/\s+/);
}

/** Packages only one engine's tests need (BG_BROWSERS narrows a run: README, "Testing and development"). */
const ENGINE_ONLY = { chromium: ['chromium'], firefox: ['firefox-esr'], webkit: ['webkit2gtk-driver', 'xvfb', 'xauth'] };

/** The packages missing for a run in `engines`, given `installed` (package → boolean). */
export function missing(packages, installed, engines = ['chromium', 'firefox', 'webkit']) {
  const unused = Object.entries(ENGINE_ONLY).filter(([engine]) => !engines.includes(engine)).flatMap(([, p]) => p);
  return packages.filter((p) => !unused.includes(p) && !installed(p));
}

/** True when dpkg says `name` is installed. */
function dpkgInstalled(name) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().includes('install ok installed');
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const packages = systemPackages();
  const engines = (process.env.BG_BROWSERS ?? 'chromium,firefox,webkit').split(',').map((e) => e.trim());
  const absent = missing(packages, dpkgInstalled, engines);
  if (absent.length) {
    console.error(`\nbad-gateway's tests run real browsers and gateways from Debian's packages; missing here: ${absent.join(' ')}.\n` +
      `Install them all (as root, or with sudo) with:\n\n  apt-get update && apt-get install -y ${packages.join(' ')}\n\n` +
      'then run npm test again. (BG_BROWSERS=chromium narrows a run to one engine.)\n');
    process.exit(1);
  }
}
