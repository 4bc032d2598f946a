// What went wrong with one request, and the Incident the page is told about.
import { SAVED_AT_HEADER, SERVED_HEADER, type FailureKind, type Incident, type Served } from '../src/protocol.js';

/** What is known about a failure; an Incident is one too (an outage's later requests reuse it). */
export interface FailureFacts { kind: FailureKind; status?: number; retryAfter?: string; server?: string }

/**
 * Thrown (and handed to Workbox's fetchDidFail) when the network gave no usable answer.
 * `response` is the failed answer itself for kind 'status', kept so a subresource with no
 * saved copy still gets the real error rather than a made-up one.
 */
export class Failure extends Error implements FailureFacts {
  override readonly name = 'BadGatewayFailure';
  readonly kind: FailureKind;
  readonly response?: Response;
  readonly status?: number;
  readonly retryAfter?: string;
  readonly server?: string;

  constructor(kind: FailureKind, response?: Response) {
    super(kind);
    this.kind = kind;
    this.response = response;
    this.status = response?.status;
    this.retryAfter = response?.headers.get('retry-after') ?? undefined;
    this.server = response?.headers.get('server') ?? undefined;
  }
}

/** The incident for a failure of `request`, given what the visitor got instead (`answer`). */
export function toIncident(
  failure: FailureFacts,
  request: { url: string; mode: string; destination: string },
  answer: { headers: Headers } | undefined,
  now: number,
  online: boolean,
): Incident {
  const servedAs = answer?.headers.get(SERVED_HEADER);
  const served: Served = servedAs === 'copy' || servedAs === 'fallback' ? servedAs : 'none';
  const savedAt = Number(answer?.headers.get(SAVED_AT_HEADER));
  const incident: Incident = {
    kind: failure.kind,
    url: request.url,
    // Iframes navigate with destination 'iframe'; the protocol calls every navigation a document.
    destination: request.mode === 'navigate' ? 'document' : request.destination,
    served,
    online,
    at: now,
  };
  if (failure.kind === 'status' && failure.status) incident.status = failure.status;
  if (served === 'copy' && savedAt > 0) incident.savedAt = savedAt;
  if (failure.retryAfter) incident.retryAfter = failure.retryAfter;
  if (failure.server) incident.server = failure.server;
  return incident;
}
