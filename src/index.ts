// The npm entry: the page API. It does not carry the banner: the page client imports
// 'bad-gateway/banner' with import() once an incident has something to show (load-banner.ts),
// so the app's bundler splits it out of the main bundle. Import 'bad-gateway/banner' yourself
// to define <bad-gateway-banner> at once (a banner placed in a framework's template).
export { install, uninstall, clearCache, attach } from './install.js';
export { BadGatewayError } from './errors.js';
export type { BadGatewayErrorCode } from './errors.js';
export type { Options } from './options.js';
export type { RetryPolicy } from './retry-schedule.js';
export type { BadGatewayEventMap, IncidentDetail, RetryDetail, RecoveredDetail } from './events.js';
export type { Diagnosis } from './diagnosis.js';
export type { Incident, FailureKind, Served } from './protocol.js';
