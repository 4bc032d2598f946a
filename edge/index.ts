// edge/ is the Cloudflare Workers handler: core/'s rules around the Cache API, KV and
// HTMLRewriter. It imports only edge/ and core/ (npm run lint).
// bad-gateway/edge: the service worker's policy at the CDN edge (Cloudflare Workers).
export { createEdgeHandler, type EdgeEnv, type EdgeHandler } from './handler.js';
export { EDGE_DEFAULTS, VARIABLES, KV_BINDING, type EdgeConfig, type EdgeOptions } from './config.js';
