// The import boundaries (tools/lint/eslint.config.mjs) on files made up to break them: each
// crossing is reported with the file and the rule, and the allowed imports pass. (The real
// tree is linted whole by `npm run lint`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { ESLint } = createRequire(root + 'tools/lint/package.json')('eslint');
const { boundaryRules } = await import('../../tools/lint/eslint.config.mjs');
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [boundaryRules] });

/** The boundary messages for `code` as if it were the file at `path` (relative to the root). */
async function lint(path, code) {
  const [result] = await eslint.lintText(code, { filePath: root + path });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message, file: result.filePath.slice(root.length) }));
}

const crossings = [
  ['edge/probe.ts', "import { start } from '../sw/worker.js';", 'edge may not import worker'],
  ['sw/probe.ts', "import { install } from '../src/install.js';", 'worker may not import page'],
  ['core/probe.ts', "import { Failure } from '../sw/failure.js';", 'core may not import worker'],
  ['components/bad-gateway-banner/probe.ts', "import { emit } from '../../src/events.js';", 'banner may not import page'],
  ['src/probe.ts', "import '../components/bad-gateway-banner/bad-gateway-banner.js';", 'page may not import banner-entry'],
  ['src/probe.ts', "import type { BadGatewayBanner } from '../components/bad-gateway-banner/bad-gateway-banner.component.js';", 'page may not import banner'],
];

for (const [path, code, said] of crossings) {
  test(`${path}: "${code}" fails with the file and the rule`, async () => {
    const messages = await lint(path, code);
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0].rule, 'boundaries/element-types');
    assert.equal(messages[0].file, path);
    assert.match(messages[0].message, new RegExp(`^${said} \\(`));
    assert.match(messages[0].message, /imports only its own folder and core\//);
  });
}

const allowed = [
  ['edge/probe.ts', "import { shouldSave } from '../core/policy.js'; import { handle } from './handler.js';"],
  ['sw/probe.ts', "import { SERVED_HEADER } from '../core/protocol.js'; import { start } from './worker.js';"],
  ['components/bad-gateway-banner/probe.ts', "import { diagnose } from '../../core/diagnosis.js'; import { styles } from './bad-gateway-banner.styles.js';"],
  ['src/banner-seam.ts', "import '../components/bad-gateway-banner/bad-gateway-banner.js'; import { emit } from './events.js';"],
  ['src/probe.ts', "import { emit } from './events.js'; import { systemClock } from '../core/clock.js';"],
];

for (const [path, code] of allowed) {
  test(`${path}: "${code}" passes`, async () => {
    assert.deepEqual(await lint(path, code), []);
  });
}
