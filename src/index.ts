// The npm entry: the page API. Importing it also defines <bad-gateway-banner> (the
// element's own entry, 'bad-gateway/banner', has that side effect), so the banner that
// install() inserts during an incident works without a second import.
import '../components/bad-gateway-banner/bad-gateway-banner.js';

export { install, uninstall, clearCache, attach } from './install.js';
export { BadGatewayError } from './errors.js';
export type { BadGatewayErrorCode } from './errors.js';
export type { Options } from './options.js';
export type { RetryPolicy } from './retry-schedule.js';
export type { BadGatewayEventMap, IncidentDetail, RetryDetail, RecoveredDetail } from './events.js';
export type { Diagnosis } from './diagnosis.js';
export type { Incident, FailureKind, Served } from './protocol.js';
