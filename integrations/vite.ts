// integrations/ holds the build-time ways in: code that runs in a site's build (Node), not in a
// browser. It imports only integrations/ and core/ (npm run lint).
//
// bad-gateway/vite: a Vite plugin. It serves the SDK's files in `vite dev` and emits them into
// the build's root — always the installed package's own files, so the page script and the
// worker never come from two versions — and puts the tag, with install()'s options as its
// data-* attributes, in every page Vite writes. For a statically generated site it can also
// write the build's file list the worker keeps (`precache`), or hand it to a generator's hook
// (writeFileList, for VitePress's buildEnd).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ResolvedConfig } from 'vite';
import { badOption } from '../core/errors.js';

/** The SDK's files a site serves from its root, by name. */
const FILES = ['bad-gateway.min.js', 'bad-gateway-banner.min.js', 'bad-gateway-sw.js'] as const;
/** The list precache reads (README, "Static site generators"). */
export const FILE_LIST = 'bad-gateway-files.json';

/** install()'s options as the tag's attributes take them: strings, numbers, booleans and lists (RegExps only from JavaScript). */
export type TagOptions = Record<string, string | number | boolean | readonly string[] | Record<string, number | string> | undefined>;

export interface BadGatewayViteOptions {
  /** install()'s options, written on the tag as data-* attributes. */
  options?: TagOptions;
  /** Put the tag in every page Vite writes (default true; false when the app calls install() itself). */
  inject?: boolean;
  /** Write the build's file list and point the worker at it: for static sites with a client router (default false). */
  precache?: boolean;
}

/** The installed package's own copy of `file`. */
const packaged = (file: string): Buffer => readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)));

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** The tag's attributes for `options`; throws BadGatewayError 'bad-option' for a value a tag cannot carry. */
export function tagAttributes(options: TagOptions = {}): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const attribute = name === 'serviceWorker' ? 'data-sw' : 'data-' + kebab(name);
    if (Array.isArray(value)) {
      if (!value.every((v) => typeof v === 'string' && !/\s/.test(v))) badOption(name, 'an array of strings without spaces (RegExps only from install() in JavaScript)', value);
      attributes[attribute] = value.join(' ');
    } else if (typeof value === 'object' && value !== null) {
      for (const [field, v] of Object.entries(value)) attributes[`${attribute}-${kebab(field)}`] = String(v);
    } else if (['string', 'number', 'boolean'].includes(typeof value)) {
      attributes[attribute] = String(value);
    } else {
      badOption(name, 'a string, number, boolean or list', value);
    }
  }
  return attributes;
}

/**
 * Writes `outDir`'s file list for the worker (every page, script and stylesheet; pages with a
 * revision from their content, hashed files without), and returns how many files it lists.
 */
export function writeFileList(outDir: string): number {
  const files = readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(outDir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((f) => /\.(html|js|css)$/.test(f) && f !== '404.html' && !FILES.includes(f as (typeof FILES)[number]))
    .sort()
    .map((f) => (f.endsWith('.html')
      ? { url: '/' + f, revision: createHash('sha256').update(readFileSync(join(outDir, f))).digest('hex').slice(0, 16) }
      : '/' + f));
  writeFileSync(join(outDir, FILE_LIST), JSON.stringify(files));
  return files.length;
}

/** The Vite plugin (see the top of this file). */
export function badGateway(config: BadGatewayViteOptions = {}): Plugin {
  const options = { ...config.options, ...(config.precache ? { precache: '/' + FILE_LIST } : {}) };
  // Checked now, so a bad option fails the build with its name rather than a visitor's page.
  const attributes = tagAttributes(options);
  let resolved: ResolvedConfig;
  const base = () => resolved?.base ?? '/';
  return {
    name: 'bad-gateway',
    configResolved(c) { resolved = c; },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = FILES.find((f) => req.url?.split('?')[0] === base() + f);
        if (!name) return next();
        res.setHeader('content-type', 'text/javascript; charset=utf-8');
        res.setHeader('cache-control', 'no-cache');
        res.end(packaged(name));
      });
    },
    generateBundle() {
      for (const fileName of FILES) this.emitFile({ type: 'asset', fileName, source: packaged(fileName) });
    },
    transformIndexHtml() {
      if (config.inject === false) return [];
      return [{ tag: 'script', attrs: { src: base() + 'bad-gateway.min.js', ...attributes }, injectTo: 'head-prepend' }];
    },
    closeBundle() {
      if (config.precache && resolved?.command === 'build') writeFileList(join(resolved.root, resolved.build.outDir));
    },
  };
}
