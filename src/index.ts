// src/ is the page client: install, the incident watch and controller, health checks, the
// store, link gathering. It imports only src/ and core/; the banner only through its public
// entry, from src/banner-seam.ts (npm run lint).
// The npm entry: the page API. It does not carry the banner nor the incident controller: the
// page client imports them with import() once there is an incident to handle (load-incident.ts),
// so the app's bundler splits them out of the main bundle. Import 'bad-gateway/banner' yourself
// to define <bad-gateway-banner> at once (a banner placed in a framework's template).
export { install, uninstall, clearCache, attach, coverage } from './install.js';
export { BadGatewayError } from '../core/errors.js';
export type { BadGatewayErrorCode } from '../core/errors.js';
export type { Options } from './options.js';
export type { RetryPolicy } from './retry-schedule.js';
export type { BadGatewayEventMap, IncidentDetail, RetryDetail, RecoveredDetail } from './events.js';
export type { Diagnosis } from '../core/diagnosis.js';
export type { Incident, FailureKind, Served } from '../core/protocol.js';
