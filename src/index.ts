// The npm entry. The banner element is a separate entry with a side effect:
// `import 'bad-gateway/banner'` defines <bad-gateway-banner>.
export { install, uninstall, clearCache, attach } from './install.js';
export { BadGatewayError } from './errors.js';
export type { BadGatewayErrorCode } from './errors.js';
export type { Options } from './options.js';
export type { RetryPolicy } from './retry-schedule.js';
export type { BadGatewayEventMap, IncidentDetail, RetryDetail, RecoveredDetail } from './events.js';
export type { Diagnosis } from './diagnosis.js';
export type { Incident, FailureKind, Served } from './protocol.js';
