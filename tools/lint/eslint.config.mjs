// The project's lint: typescript-eslint's recommended type-checked rules on the shipped code,
// and the import boundaries that keep each runtime thin (README, "Where things live"):
//   core/        shared by every runtime, imports only core/
//   src/         the page client: src/ and core/ (and the banner, only through its entry: src/banner-seam.ts)
//   sw/          the service worker: sw/ and core/
//   edge/        the Cloudflare Workers handler: edge/ and core/
//   components/  the banner: components/ and core/
//   integrations/ build-time ways in (the Vite plugin): integrations/ and core/
// Run from the root as `npm run lint` (part of `npm test`).
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHIPPED = ['core/**/*.ts', 'src/**/*.ts', 'sw/**/*.ts', 'edge/**/*.ts', 'components/**/*.ts', 'integrations/**/*.ts'];

/** The import boundaries alone (test/node/boundaries.test.mjs runs them on files made up to break them). */
export const boundaryRules = {
  files: SHIPPED,
  languageOptions: { parser: tseslint.parser },
  plugins: { boundaries },
  settings: {
    'import/resolver': { typescript: { project: ['tsconfig.json', 'sw/tsconfig.json', 'core/tsconfig.json', 'edge/tsconfig.json', 'integrations/tsconfig.json'].map((p) => root + p), noWarnOnMultipleProjects: true } },
    'boundaries/root-path': root,
    'boundaries/include': SHIPPED,
    'boundaries/elements': [
      { type: 'core', pattern: 'core/**', mode: 'full' },
      // The one crossing: the page client reaches the banner only through its public entry, from
      // its two ways in: the npm build's import() (banner-seam.ts) and the script tag's banner
      // file (incident.ts, the entry that bundles the banner with the incident controller).
      { type: 'banner-seam', pattern: 'src/{banner-seam,incident}.ts', mode: 'full' },
      { type: 'page', pattern: 'src/**', mode: 'full' },
      { type: 'worker', pattern: 'sw/**', mode: 'full' },
      { type: 'edge', pattern: 'edge/**', mode: 'full' },
      { type: 'banner-entry', pattern: 'components/bad-gateway-banner/bad-gateway-banner.ts', mode: 'full' },
      { type: 'banner', pattern: 'components/**', mode: 'full' },
      { type: 'integration', pattern: 'integrations/**', mode: 'full' },
    ],
  },
  rules: {
    'boundaries/no-unknown': 'error',
    'boundaries/element-types': ['error', {
      default: 'disallow',
      message: '${file.type} may not import ${dependency.type} (${dependency.source}): a runtime folder imports only its own folder and core/ (README, "Where things live")',
      rules: [
        { from: 'core', allow: ['core'] },
        { from: 'page', allow: ['page', 'core', 'banner-seam'] },
        { from: 'banner-seam', allow: ['page', 'core', 'banner-entry'] },
        { from: 'worker', allow: ['worker', 'core'] },
        { from: 'edge', allow: ['edge', 'core'] },
        { from: 'integration', allow: ['integration', 'core'] },
        { from: ['banner', 'banner-entry'], allow: ['banner', 'banner-entry', 'core'] },
      ],
    }],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tools/**', '**/*.d.ts'] },
  {
    files: SHIPPED,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      // Unused arguments named _x are kept on purpose (callback shapes); the rest must go.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  boundaryRules,
);
