// bad-gateway/edge: the service worker's policy at the CDN edge (Cloudflare Workers).
export { createEdgeHandler, type EdgeEnv, type EdgeHandler } from './handler.js';
export { EDGE_DEFAULTS, VARIABLES, KV_BINDING, type EdgeConfig, type EdgeOptions } from './config.js';
