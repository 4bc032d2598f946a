// ESLint's configuration lives with its own dependencies in tools/lint/ (see its package.json for why).
export { default } from './tools/lint/eslint.config.mjs';
