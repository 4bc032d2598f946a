// The README against the project: every code example is marked and run by some test, its
// shell lines name scripts and packages that exist, and its reference lists (options, data
// attributes, the element's attributes, events, parts and CSS properties) are the real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { codeBlocks, example } from '../readme/examples.mjs';

const README = readFileSync('README.md', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const blocks = codeBlocks(README);

/** Every test source's text (tests and the servers and plugins they run on), by path. */
function testFiles(dir = 'test') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return /\.(mjs|ts)$/.test(entry.name) && !entry.name.endsWith('.d.mts') ? [[path, readFileSync(path, 'utf8')]] : [];
  });
}

/** The backticked names in the README paragraph that starts with `lead`. */
function listAfter(lead) {
  const start = README.indexOf(lead);
  assert.ok(start >= 0, `README has no paragraph starting "${lead}"`);
  const paragraph = README.slice(start + lead.length, README.indexOf('\n\n', start));
  return [...paragraph.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

/** Shell lines of an example, as commands (comments dropped). */
const commands = (id) => example(README, id).code.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);

test('every code block in the README is a marked example, each marked once', () => {
  const unmarked = blocks.filter((b) => !b.id).map((b) => `line ${b.line} (${b.lang})`);
  assert.deepEqual(unmarked, [], 'code blocks without <!-- example: id -->');
  const ids = blocks.map((b) => b.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'ids marked twice');
  assert.ok(blocks.length >= 20, `only ${blocks.length} examples found: the parser lost some`);
});

test('every example is taken by a test that runs it (or, for shell lines, checks them here)', () => {
  // Checked by this file: the shell lines (below) and the TSX declaration (type-checked at the end).
  const checkedHere = ['try', 'testing', 'apt', 'react-types'];
  const files = testFiles().filter(([path]) => !['test/node/readme.test.mjs', 'test/readme/examples.mjs'].includes(path));
  // A file takes an example when it reads examples (example(), the e2e test's code() and
  // bundle(), the browser tests' /__readme/ route) and names the id: quoted, or as the key of
  // the function that mounts it (the framework tests).
  const takers = files.filter(([, text]) => /\b(example|exampleOf|code|bundle)\(|\/__readme\//.test(text));
  const takes = (text, id) => text.includes(`'${id}'`) || new RegExp(`\\b${id}\\(`).test(text);
  const orphans = blocks.map((b) => b.id).filter((id) => !checkedHere.includes(id) && !takers.some(([, text]) => takes(text, id)));
  assert.deepEqual(orphans, [], 'examples no test takes');
});

test('the shell examples run scripts package.json has', () => {
  for (const id of ['try', 'testing']) {
    for (const line of commands(id)) {
      for (const [, run, name] of line.matchAll(/npm (run )?([\w:-]+)/g)) {
        if (!run && ['ci', 'install'].includes(name)) continue;
        assert.ok(pkg.scripts[name], `"${line}" (${id}): no script ${name}`);
      }
    }
  }
  assert.match(pkg.scripts.start, /demo\/server\.mjs/);
  assert.match(pkg.scripts.test, /web-test-runner/);
});

test('the system packages the README lists are the ones CI installs', () => {
  const packages = (text) => /apt-get install -y ([^\n]+)/.exec(text)[1].trim().split(/\s+/).sort();
  assert.deepEqual(packages(example(README, 'apt').code), packages(readFileSync('.ci/run', 'utf8')));
});

test('the options table lists every option install() takes, and the data attributes every option there is one for', async () => {
  const out = await build({ entryPoints: ['src/options.ts'], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
  const { OPTION_NAMES, NESTED_OPTION_NAMES, attributeFor } = await import('data:text/javascript,' + encodeURIComponent(out.outputFiles[0].text));
  const section = README.slice(README.indexOf('## Options'), README.indexOf('### Data attributes'));
  const rows = Object.fromEntries([...section.matchAll(/^\| `(\w+)` \|(.*)$/gm)].map((m) => [m[1], m[2]]));
  assert.deepEqual(Object.keys(rows).sort(), [...OPTION_NAMES].sort());
  // The nested options' fields: retry's spelled out with defaults under the table, cache's in its row.
  const retryLine = section.split('\n').find((l) => l.startsWith('`retry`:'));
  assert.deepEqual([...retryLine.matchAll(/(\w+): /g)].map((m) => m[1]).sort(), [...NESTED_OPTION_NAMES.retry].sort());
  for (const field of NESTED_OPTION_NAMES.cache) assert.match(rows.cache, new RegExp(`\\b${field}\\b`), `cache.${field}`);
  const attributes = listAfter('The script tag takes the same options as `data-*` attributes, names in kebab case:\n');
  for (const option of OPTION_NAMES.filter((o) => !['retry', 'cache', 'strings'].includes(o))) {
    assert.ok(attributes.some((a) => a === attributeFor(option) || a.startsWith(attributeFor(option) + ' ')), `README does not list ${attributeFor(option)}`);
  }
  for (const nested of ['retry.maxDelay', 'cache.maxEntries']) assert.ok(attributes.includes(attributeFor(nested)), attributeFor(nested));
});

test('the banner\'s attributes, events, parts and CSS properties in the README are those of custom-elements.json', () => {
  const manifest = JSON.parse(readFileSync(pkg.customElements, 'utf8'));
  const element = manifest.modules[0].declarations[0];
  const names = (items) => items.map((i) => i.name).sort();
  // "Attributes / properties: `kind`, ..., `saved-at` (`savedAt`), ..., and the `strings` property."
  const documented = listAfter('Attributes / properties:')
    .filter((n) => !['top', 'bottom', 'inline', 'strings'].includes(n) && !n.startsWith('bad-gateway-'));
  assert.deepEqual([...new Set(documented)].sort(), names(element.attributes).concat(
    element.attributes.filter((a) => a.fieldName !== a.name).map((a) => a.fieldName)).sort());
  assert.ok(element.members.some((m) => m.name === 'strings') && listAfter('Attributes / properties:').includes('strings'));
  const events = listAfter('Attributes / properties:').filter((n) => n.startsWith('bad-gateway-'));
  assert.deepEqual(events.sort(), names(element.events));
  assert.deepEqual(listAfter('Parts (`::part()`):').sort(), names(element.cssParts));
  assert.deepEqual(listAfter('CSS custom properties (light and dark defaults):').sort(), names(element.cssProperties));
});

test('TypeScript: with the README\'s declaration the React recipe type-checks as TSX, and misuse does not', () => {
  // A folder inside the repository, so `bad-gateway/banner` resolves to the built types through
  // the package's own exports, and react's types from node_modules.
  const dir = join('test/.tmp', 'tsx-' + process.pid);
  mkdirSync(dir, { recursive: true });
  try {
    const recipe = example(README, 'react').code;
    const typed = recipe.replace('({ onDismiss })', '({ onDismiss }: { onDismiss?: (detail: { url: string }) => void })');
    assert.notEqual(typed, recipe, 'the recipe\'s props could not be given a type');
    writeFileSync(join(dir, 'bad-gateway-banner.d.ts'), example(README, 'react-types').code);
    writeFileSync(join(dir, 'OutageBanner.tsx'), typed);
    writeFileSync(join(dir, 'Misuse.tsx'), [
      "import 'bad-gateway/banner';",
      'export const A = () => <bad-gateway-banner position="left" />;',
      "export const B = () => <bad-gateway-banner strings={{ retyr: 'x' }} />;",
      'export const C = () => <bad-gateway-banner onbad-gateway-dismiss={(e) => e.detail.nope} />;',
      '',
    ].join('\n'));
    const check = (files) => {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2022', 'DOM'], types: [] },
        files: ['bad-gateway-banner.d.ts', ...files],
      }));
      try {
        execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
        return '';
      } catch (error) {
        return error.stdout + error.stderr;
      }
    };
    assert.equal(check(['OutageBanner.tsx']), '', 'the README recipe does not type-check');
    const errors = check(['Misuse.tsx']);
    for (const line of [2, 3, 4]) assert.match(errors, new RegExp(`Misuse\\.tsx\\(${line},`), `line ${line} of the misuse was accepted:\n${errors}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
