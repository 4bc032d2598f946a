export { BadGatewayError } from './errors.js';
export type { BadGatewayErrorCode } from './errors.js';
export type { Incident, FailureKind, Served } from './protocol.js';
