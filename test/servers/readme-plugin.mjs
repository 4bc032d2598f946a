// @web/test-runner plugin: GET /__readme/<id>.js answers README example <id> (react, vue,
// svelte, angular, and the web-app recipes recipe-fetch, recipe-tanstack, recipe-swr),
// compiled the way an app's bundler would compile it, as one ES module.
// README.md is read on every request, so the browser tests run what the README says now.
//
// The module bundles (esbuild) the example, its framework's runtime and `bad-gateway/banner`,
// which resolves as in a user's app: through this package's own package.json `exports`
// (a package self-reference) to the built dist/esm/banner.js, so `npm run build` comes first.
// It exports:
//   example           the example's own exports (e.g. `example.OutageBanner`, `example.default`)
//   compileWarnings   warnings from compiling the example (the tests expect none)
//   …                 the framework API a test needs to mount the example (createRoot, createApp,
//                     mount, bootstrapApplication, …), from the same bundled copy of the framework.
//
// Everything is compiled in development mode (NODE_ENV, the `development` export condition,
// Svelte's `dev`, Angular's default dev mode), as a developer's dev server would, because that is
// where frameworks warn about misuse (e.g. Vue's "Failed to resolve component").
//
// A broken example answers 500 with the compiler's message, pointing at README.md lines.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'esbuild';
import { parse as parseSfc, compileScript } from 'vue/compiler-sfc';
import { compile as compileSvelte } from 'svelte/compiler';
import { example } from '../readme/examples.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = path.join(ROOT, 'README.md');
const ROUTE = /^\/__readme\/([\w-]+)\.js$/;

/** Per example: the language expected in its fence, and the framework API the module adds. */
const FRAMEWORKS = {
  react: {
    lang: 'jsx',
    api: `
      export { createElement } from 'react';
      export { flushSync } from 'react-dom';
      export { createRoot } from 'react-dom/client';`,
  },
  vue: {
    lang: 'vue',
    api: `export { createApp, h, nextTick } from 'vue';`,
  },
  svelte: {
    lang: 'svelte',
    api: `export { mount, unmount, flushSync } from 'svelte';`,
  },
  angular: {
    lang: 'ts',
    // JIT: the compiler must be loaded before any decorated class is defined (ES modules run
    // in import order, so this import, first in the entry, runs before the example).
    prelude: `import '@angular/compiler';`,
    api: `
      export { provideZonelessChangeDetection, reflectComponentType } from '@angular/core';
      export { bootstrapApplication } from '@angular/platform-browser';`,
  },
};

// The web-app recipes (README "Web apps"): plain modules, bundled with their data library,
// whose API the tests use as an app would (a query observer, SWR's mutate, React to mount).
Object.assign(FRAMEWORKS, {
  'recipe-fetch': { lang: 'js', api: '' },
  'recipe-tanstack': { lang: 'js', api: `export { QueryObserver } from '@tanstack/query-core';` },
  'recipe-swr': { lang: 'jsx', api: FRAMEWORKS.react.api + `\nexport { mutate } from 'swr';` },
});

/** A failure the dev server answers with 500 and this message as the body (Koa: `expose`). */
class CompileError extends Error {
  constructor(message) {
    super(message);
    this.status = 500;
    this.expose = true;
  }
}

/** README line of `line` (1-based) of example `block`'s code. */
const readmeLine = (block, line) => block.line + line;

/**
 * esbuild's messages as text; a location inside a README example (file `README.md#<id>`) is
 * given as its README.md line.
 */
function formatMessages(messages, blocks) {
  return messages.map(({ text, location: loc }) => {
    if (!loc) return text;
    const block = blocks[/README\.md#([\w-]+)$/.exec(loc.file)?.[1]];
    const where = block ? `README.md:${readmeLine(block, loc.line)}:${loc.column + 1} (example ${block.id})` : `${loc.file}:${loc.line}:${loc.column + 1}`;
    return `${where}: ${text}\n    ${loc.lineText}`;
  });
}

/** esbuild build() that turns a failure into a CompileError naming README lines. */
async function bundle(options, blocks) {
  try {
    // absWorkingDir: paths in messages and the metafile are relative to the repository root.
    return await build({ bundle: true, write: false, format: 'esm', logLevel: 'silent', metafile: true, absWorkingDir: ROOT, ...options });
  } catch (error) {
    if (!error.errors) throw error;
    throw new CompileError(formatMessages(error.errors, blocks).join('\n\n'));
  }
}

/**
 * Vue template compiler options, taken by running the README's vite.config.js: 'vite' and
 * '@vitejs/plugin-vue' are stand-ins that only record what the config passes to them.
 */
async function vueCompilerOptions(config) {
  const standIns = {
    vite: `export const defineConfig = (config) => config;`,
    '@vitejs/plugin-vue': `export default function vue(options = {}) { return { name: 'vite:vue', options }; }`,
  };
  const result = await bundle({
    stdin: { contents: config.code, loader: 'js', resolveDir: ROOT, sourcefile: 'README.md#vue-config' },
    platform: 'node',
    plugins: [{
      name: 'vite-stand-ins',
      setup(b) {
        b.onResolve({ filter: /^(vite|@vitejs\/plugin-vue)$/ }, (args) => ({ path: args.path, namespace: 'stand-in' }));
        b.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({ contents: standIns[args.path], loader: 'js' }));
      },
    }],
  }, { 'vue-config': config });
  const source = result.outputFiles[0].text;
  let resolved;
  try {
    const { default: exported } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
    // Vite accepts a config object or a function of the command and mode.
    resolved = await (typeof exported === 'function' ? exported({ command: 'serve', mode: 'development' }) : exported);
  } catch (e) {
    throw new CompileError(`README.md:${config.line} (example vue-config) throws ${e.name}: ${e.message}`);
  }
  const plugin = (resolved?.plugins ?? []).flat(Infinity).find((p) => p?.name === 'vite:vue');
  if (!plugin) throw new CompileError(`README.md:${config.line} (example vue-config): the config has no vue() plugin`);
  return plugin.options.template?.compilerOptions ?? {};
}

/** The SFC as a JS module, its template inlined into setup() and compiled with `compilerOptions`. */
function compileVue(block, compilerOptions) {
  const filename = 'OutageBanner.vue';
  // As @vitejs/plugin-vue does: the template is parsed with the compiler options too (the parser
  // is what decides that a tag is a custom element rather than a component).
  const { descriptor, errors } = parseSfc(block.code, { filename, templateParseOptions: compilerOptions });
  // Template errors carry loc.start (SFC lines); script parse errors (Babel) carry loc.line,
  // counted from the start of the <script> block's content.
  const located = (e) => {
    const script = descriptor?.scriptSetup ?? descriptor?.script;
    const line = e.loc?.start?.line ?? (e.loc?.line && script ? script.loc.start.line + e.loc.line - 1 : undefined);
    return `README.md:${line ? readmeLine(block, line) : block.line} (example vue): ${e.message ?? e}`;
  };
  if (errors.length) throw new CompileError(errors.map(located).join('\n\n'));
  // No <style> support here: nothing in the README needs it, and silently dropping it would lie.
  if (descriptor.styles.length) throw new CompileError(`README.md:${block.line} (example vue): <style> blocks are not supported by ${path.relative(ROOT, fileURLToPath(import.meta.url))}`);
  try {
    const script = compileScript(descriptor, {
      id: 'readme-vue',
      inlineTemplate: true,
      templateOptions: { compilerOptions },
    });
    return script.content;
  } catch (e) {
    throw new CompileError(located(e));
  }
}

/** The Svelte 5 component as a JS module, and the compiler's warnings. */
function compileSvelteExample(block) {
  try {
    const { js, warnings } = compileSvelte(block.code, { generate: 'client', dev: true, filename: 'OutageBanner.svelte' });
    return {
      code: js.code,
      warnings: warnings.map((w) => `README.md:${w.start ? readmeLine(block, w.start.line) : block.line} (example svelte): ${w.message} (${w.code})`),
    };
  } catch (e) {
    throw new CompileError(`README.md:${e.start ? readmeLine(block, e.start.line) : block.line} (example svelte): ${e.message}`);
  }
}

/** The ES module for example `id` of `markdown` (throws CompileError when it does not compile). */
export async function compileExample(markdown, id) {
  const framework = FRAMEWORKS[id];
  if (!framework) throw new CompileError(`no framework example '${id}' (known: ${Object.keys(FRAMEWORKS).join(', ')})`);
  /** The README example `name`, or a CompileError saying why there is not exactly one. */
  const exampleOf = (name) => {
    try {
      return example(markdown, name);
    } catch (e) {
      throw new CompileError(e.message);
    }
  };
  const block = exampleOf(id);
  if (!existsSync(path.join(ROOT, 'dist/esm/banner.js'))) throw new CompileError('dist/esm/banner.js is missing: run `npm run build` first');
  if (block.lang !== framework.lang) throw new CompileError(`README.md:${block.line}: example ${id} is fenced as '${block.lang}', expected '${framework.lang}'`);

  const blocks = { [id]: block };
  const warnings = [];
  // The example's module, as esbuild loads it: README code for jsx/ts, compiler output for SFCs.
  let loaded;
  if (block.lang === 'vue') {
    const config = exampleOf('vue-config');
    blocks['vue-config'] = config;
    loaded = { contents: compileVue(block, await vueCompilerOptions(config)), loader: 'js' };
  } else if (block.lang === 'svelte') {
    const { code, warnings: svelteWarnings } = compileSvelteExample(block);
    warnings.push(...svelteWarnings);
    loaded = { contents: code, loader: 'js' };
  } else {
    loaded = { contents: block.code, loader: block.lang };
  }

  const entry = `${framework.prelude ?? ''}
export * as example from 'readme:${id}';
${framework.api}
`;
  const result = await bundle({
    stdin: { contents: entry, loader: 'js', resolveDir: ROOT, sourcefile: `__readme/${id}.js` },
    platform: 'browser',
    target: 'es2022',
    // Development builds: 'development' first, then esbuild's default 'module' (which setting
    // `conditions` would otherwise drop); 'browser', 'import' and 'default' come with the platform.
    conditions: ['development', 'module'],
    jsx: 'automatic',
    define: {
      'process.env.NODE_ENV': '"development"',
      // Vue's esm-bundler build expects its bundler to define these feature flags.
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    // What an Angular (JIT) app compiles with: legacy decorators, fields assigned in the constructor.
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    plugins: [{
      name: 'readme-example',
      setup(b) {
        b.onResolve({ filter: /^readme:/ }, () => ({ path: `README.md#${id}`, namespace: 'readme' }));
        b.onLoad({ filter: /.*/, namespace: 'readme' }, () => ({ ...loaded, resolveDir: ROOT }));
      },
    }],
  }, blocks);

  // `bad-gateway/banner` must have come from the build, through the package's exports.
  const inputs = Object.keys(result.metafile.inputs);
  if (/['"]bad-gateway\/banner['"]/.test(block.code) && !inputs.includes('dist/esm/banner.js')) {
    throw new CompileError(`'bad-gateway/banner' did not resolve to dist/esm/banner.js (inputs: ${inputs.filter((i) => !i.startsWith('node_modules/')).join(', ')})`);
  }
  // Only warnings about the README's code count; dependencies' own warnings are not ours to fix.
  warnings.push(...formatMessages(result.warnings.filter((w) => !w.location?.file.startsWith('node_modules/')), blocks));
  return `${result.outputFiles[0].text}\nexport const compileWarnings = ${JSON.stringify(warnings)};\n`;
}

/** `readme`: the README to serve examples from (another file only to test these tests). */
export function readmePlugin({ readme = README } = {}) {
  return {
    name: 'bad-gateway-readme',
    async serve(context) {
      const m = ROUTE.exec(context.path);
      if (!m) return undefined;
      // Thrown errors answer 500 with their message as the body (CompileError sets `expose`).
      const markdown = await readFile(readme, 'utf8');
      return { body: await compileExample(markdown, m[1]), type: 'js', headers: { 'cache-control': 'no-store' } };
    },
    // The dev server caches transformed responses by URL until the file on disk changes; these
    // have no file, so keep them out of that cache (each request compiles the current README).
    transform(context) {
      if (ROUTE.test(context.path)) return { transformCache: false };
      return undefined;
    },
  };
}
