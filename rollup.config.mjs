// Builds every file the package ships:
//   dist/esm/            ESM for npm (lit, idb-keyval and workbox-* stay external for the app's bundler;
//                        index.js reaches the banner only through import(), so bundlers split it out;
//                        readable, but for short names of our private members: see shortPrivates)
//   dist/bad-gateway.min.js     the IIFE for the <script> tag: what every page view runs (no Lit, no incident controller)
//   dist/bad-gateway-banner.min.js  the incident part: the controller and the banner (Lit inside), which that script adds when there is an incident to handle
//   dist/bad-gateway-sw.js      one self-contained classic service-worker script
//   dist/bad-gateway-sw-remove.js  the kill-switch worker
//   dist/bad-gateway-edge.js    a ready Cloudflare Workers module worker (edge mode)
// Type declarations come from `tsc` (TypeScript 7 has no JS API for a rollup plugin).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { minify as terser } from 'terser';
import { transform } from 'esbuild';

const production = () => replace({
  preventAssignment: true,
  // Workbox guards its asserts and logging with this; production drops them.
  values: { 'process.env.NODE_ENV': JSON.stringify('production') },
});

/** Prints raw, gzip and brotli size of every file written, so size changes are seen at once. */
export function sizeReport() {
  return {
    name: 'size-report',
    writeBundle(options, bundle) {
      for (const [name, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const code = Buffer.from(chunk.code);
        const gz = gzipSync(code, { level: 9 }).length;
        const br = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
        const where = (options.dir ?? options.file.replace(/\/[^/]*$/, '')) + '/' + name;
        console.log(`  ${where.padEnd(40)} ${(code.length / 1024).toFixed(1).padStart(6)} KB  gzip ${(gz / 1024).toFixed(1).padStart(5)} KB  brotli ${(br / 1024).toFixed(1).padStart(5)} KB`);
      }
    },
  };
}

// esbuild leaves the CSS and HTML inside Lit's css`` and html`` literals as written;
// this strips their whitespace and comments (only our own sources: Lit's are already lean).
// conservativeCollapse keeps one space where whitespace separates text from an inline
// element or binding ("fix. <span>Error 502</span>"); plain collapsing glued them together.
const minifyLiterals = () => minifyTemplateLiterals({
  include: ['components/**/*.ts', 'src/**/*.ts'],
  options: { minifyOptions: { conservativeCollapse: true } },
});

const ts = (target) => esbuild({ target, tsconfig: 'tsconfig.json' });

/**
 * A second minifier pass after esbuild's: terser's compress passes find what one esbuild
 * pass leaves (about 1% of the script bundle, gzipped; a third pass still finds some).
 */
const terserPass = (ecma) => ({
  name: 'terser',
  async renderChunk(code) {
    const { code: out, map } = await terser(code, { ecma, compress: { passes: 3 }, sourceMap: true });
    return { code: out, map };
  },
});

/**
 * An IIFE cannot split, so the script tag's build takes src/load-incident-script.ts (a <script>
 * for the banner file next to its own) in place of src/load-incident.ts (an import()).
 */
const bannerByScript = () => ({
  name: 'banner-by-script',
  async resolveId(id, importer) {
    if (!importer || !/\/load-incident\.js$/.test(id)) return null;
    return fileURLToPath(new URL('src/load-incident-script.ts', import.meta.url));
  },
});

/** A self-contained classic script: everything inlined, minified, dev checks gone. */
function iife(input, file, target, minifyOptions = {}, extraPass = [], extraPlugins = [], output = {}) {
  return {
    input,
    output: { file, format: 'iife', plugins: [minify({ target, ...minifyOptions }), ...extraPass], sourcemap: true, inlineDynamicImports: true, ...output },
    plugins: [...extraPlugins, nodeResolve({ browser: true }), production(), ts(target), minifyLiterals(), sizeReport()],
  };
}

/**
 * Our private members are named _camelCase (and nothing public is; Lit's internals are _$…,
 * workbox-window's _t has one letter): the script tag's builds give them short names as they
 * minify. The ESM build, which stays readable, gets only that: an app's bundler cannot shorten
 * them (it cannot know they are private), and they were most of what its minifier left long
 * in a healthy page's code. Safe one chunk at a time: a private member is used only inside
 * its class, so inside one chunk. Except an override of an external class's own member:
 * Workbox's Strategy calls _handle() on its subclass (sw/strategy.ts), and Workbox is not in
 * our chunks here, so that name stays.
 */
const PRIVATE = /^_[a-z][a-zA-Z]/;
const shortPrivates = () => ({
  name: 'short-privates',
  async renderChunk(code) {
    const { code: out, map } = await transform(code, { mangleProps: PRIVATE, reserveProps: /^_handle$/, format: 'esm', sourcemap: true, target: 'esnext' });
    return { code: out, map };
  },
});

/** The script tag as one file with the incident part inside (bench/single-file.ts): measured by the bench, never shipped. */
export const singleFile = () => iife('bench/single-file.ts', 'dist/single-file.min.js', 'es2021', { mangleProps: PRIVATE }, [terserPass(2021)], [bannerByScript()]);

const external = (id) => /^(lit|@lit|idb-keyval|workbox-)/.test(id);

// BG_ONLY=esm|script|banner|sw|remove builds one target (handy while working on one part).
const only = process.env.BG_ONLY;
const targets = [
  {
    input: {
      index: 'src/index.ts',
      banner: 'components/bad-gateway-banner/bad-gateway-banner.ts',
      sw: 'sw/module.ts',
      edge: 'edge/index.ts',
    },
    external,
    output: {
      dir: 'dist/esm',
      format: 'es',
      sourcemap: true,
      plugins: [shortPrivates()],
      chunkFileNames: 'chunks/[name]-[hash].js',
      // index.js reaches the banner through import() and banner.js statically: the element lands in
      // a chunk of its own that both use. Its name must match "./dist/esm/chunks/*define*.js" in package.json "sideEffects", or
      // an app's bundler drops the chunk (and customElements.define) under 'bad-gateway/banner'.
      manualChunks: (id) => (id.includes('/components/bad-gateway-banner/') ? 'banner-define' : null),
    },
    plugins: [nodeResolve({ browser: true }), ts('es2020'), minifyLiterals(), sizeReport()],
  },
  // ES2021 is what Lit 3 itself is published as, so the bundle needs no older syntax.
  // Our private members are named _camelCase (and nothing public is): they get short names.
  // Lit's own internals are spelt _$…, and workbox-window's _t has one letter: both stay.
  iife('src/script-tag.ts', 'dist/bad-gateway.min.js', 'es2021', { mangleProps: PRIVATE }, [terserPass(2021)], [bannerByScript()]),
  // The incident part (controller and banner), which that script adds when there is an
  // incident to handle: it leaves its exports in a global for the script (INCIDENT_GLOBAL).
  iife('src/incident.ts', 'dist/bad-gateway-banner.min.js', 'es2021', { mangleProps: PRIVATE }, [terserPass(2021)], [], { name: 'BadGatewayIncident' }),
  // The worker's private members, and Workbox's, are also named _camelCase: the same treatment.
  iife('sw/index.ts', 'dist/bad-gateway-sw.js', 'es2021', { mangleProps: PRIVATE }, [terserPass(2021)]),
  iife('sw/remove.ts', 'dist/bad-gateway-sw-remove.js', 'es2020'),
  // A module worker is uploaded as it is, so it stays readable (not minified): what runs at
  // the edge is what a site owner can read. workerd runs current JavaScript.
  {
    input: 'edge/worker.ts',
    output: { file: 'dist/bad-gateway-edge.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve(), ts('es2022'), sizeReport()],
  },
  // bad-gateway/vite runs in a site's build (Node): readable, with Node's modules and Vite external.
  // It lives next to the SDK's files in dist/, which it reads from its own folder's parent.
  {
    input: 'integrations/vite.ts',
    external: (id) => id.startsWith('node:') || id === 'vite',
    output: { file: 'dist/esm/vite.js', format: 'es', sourcemap: true },
    plugins: [ts('es2022')],
  },
];
const names = ['esm', 'script', 'banner', 'sw', 'remove', 'edge', 'vite'];
export default only ? targets.filter((_, i) => names[i] === only) : targets;
