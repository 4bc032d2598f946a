// The edge -> page message. A page cannot read the headers of the response that created it,
// and a page the edge answered from a copy may have no service worker to ask, so the edge
// writes the incident into the page itself, as a <meta> the page client reads at start.
import type { Incident } from './protocol.js';

/** `<meta name=...>` carrying the incident of an answer the edge served from a copy or made up. */
export const INCIDENT_META = 'bad-gateway-incident';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The `<meta>` tag for `incident` (its JSON escaped for an attribute). */
export function incidentMeta(incident: Incident): string {
  return `<meta name="${INCIDENT_META}" content="${JSON.stringify(incident).replace(/[&<>"']/g, (c) => ESCAPES[c])}">`;
}

/**
 * The incident in a meta tag's `content`, or null when it is absent or not one. Light on
 * purpose (it ships in the page's script): the tag is part of the page's own HTML, as trusted
 * as the rest of it, so only its shape is checked.
 */
export function readIncidentMeta(content: string | null | undefined): Incident | null {
  try {
    const data = JSON.parse(content!) as Incident;
    return /^(network|timeout|status)$/.test(data.kind) && /^(copy|fallback)$/.test(data.served) ? { ...data, destination: data.destination ?? 'document', online: true } : null;
  } catch {
    return null;
  }
}
