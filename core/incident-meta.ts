// The edge -> page message. A page cannot read the headers of the response that created it,
// and a page the edge answered from a copy may have no service worker to ask, so the edge
// writes the incident into the page itself, as a <meta> the page client reads at start.
import type { Incident } from '../src/protocol.js';

/** `<meta name=...>` carrying the incident of an answer the edge served from a copy or made up. */
export const INCIDENT_META = 'bad-gateway-incident';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The `<meta>` tag for `incident` (its JSON escaped for an attribute). */
export function incidentMeta(incident: Incident): string {
  return `<meta name="${INCIDENT_META}" content="${JSON.stringify(incident).replace(/[&<>"']/g, (c) => ESCAPES[c])}">`;
}

/**
 * The incident in a meta tag's `content`, or null when it is absent or not one: the page
 * trusts only the fields it knows, with the types they must have.
 */
export function readIncidentMeta(content: string | null | undefined): Incident | null {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(content ?? '');
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { kind, url, destination, served, at, status, savedAt, retryAfter, server } = data;
  if (!['network', 'timeout', 'status'].includes(kind as string) || typeof url !== 'string' || typeof at !== 'number'
    || !['copy', 'fallback', 'none'].includes(served as string)) return null;
  const incident: Incident = {
    kind: kind as Incident['kind'], url, destination: typeof destination === 'string' ? destination : 'document',
    served: served as Incident['served'], online: true, at,
  };
  if (typeof status === 'number') incident.status = status;
  if (typeof savedAt === 'number') incident.savedAt = savedAt;
  if (typeof retryAfter === 'string') incident.retryAfter = retryAfter;
  if (typeof server === 'string') incident.server = server;
  return incident;
}
