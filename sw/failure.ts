// What went wrong with one request, and the Incident the page is told about.
import { identifyGateway, SIGNATURE_BYTES, type Said } from '../core/gateways.js';
import { SAVED_AT_HEADER, SERVED_HEADER, type FailureFacts, type FailureKind, type Incident, type Served } from '../core/protocol.js';

export type { FailureFacts };


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
  gateway?: string;
  said?: Said;
  waited?: number;

  constructor(kind: FailureKind, response?: Response) {
    super(kind);
    this.kind = kind;
    this.response = response;
    this.status = response?.status;
    this.retryAfter = response?.headers.get('retry-after') ?? undefined;
    this.server = response?.headers.get('server') ?? undefined;
  }
}

/**
 * The start of `response`'s body as text, from a clone: text bodies of at most 64 KB only
 * (error pages are small), waited for at most `ms` (a body that trickles is not waited for),
 * cut to SIGNATURE_BYTES; '' otherwise.
 */
export function bodyStart(response: Response, ms = 300): Promise<string> {
  const h = response.headers;
  return /^text\/|^$/.test(h.get('content-type') ?? '') && +(h.get('content-length') ?? 0) < 65536
    ? Promise.race([response.clone().text(), new Promise<string>((done) => setTimeout(done, ms, ''))]).then((t) => t.slice(0, SIGNATURE_BYTES), () => '')
    : Promise.resolve('');
}

/**
 * The Failure for a fallback-status answer, with what its known gateway said (from the
 * headers and a bounded look at the body's start, never kept) and how long it took.
 */
export async function statusFailure(response: Response, waited?: number): Promise<Failure> {
  const failure = new Failure('status', response);
  const known = identifyGateway((name) => response.headers.get(name), await bodyStart(response));
  failure.gateway = known?.name;
  failure.said = known?.said;
  failure.waited = waited;
  return failure;
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
  for (const key of ['gateway', 'said', 'waited'] as const) if (failure[key] != null) (incident as unknown as Record<string, unknown>)[key] = failure[key];
  return incident;
}
