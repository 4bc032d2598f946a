// What the edge adds to the pages it serves from a copy or makes up: the incident (a meta tag
// the page client reads) and the script tag that shows the banner and installs the service
// worker for next time — unless the page already loads that script.
import { incidentMeta } from '../core/incident-meta.js';
import { escapeHtml } from '../core/fallback-page.js';
import type { Incident } from '../core/protocol.js';
import type { EdgeConfig } from './config.js';

/** The script tag for `config`, with the data-* options the script installs from; null without a script. */
export function scriptTag(config: EdgeConfig): string | null {
  if (!config.script) return null;
  const attrs = [`src="${escapeHtml(config.script)}"`, `data-sw="${escapeHtml(config.serviceWorker)}"`];
  if (config.statusPage) attrs.push(`data-status-page="${escapeHtml(config.statusPage)}"`);
  if (config.lang) attrs.push(`data-lang="${escapeHtml(config.lang)}"`);
  return `<script ${attrs.join(' ')}></script>`;
}

/** True when a <script src> in a page at `pageUrl` loads the configured script. */
const isOurScript = (src: string | null, script: string, pageUrl: string): boolean => {
  try {
    return !!src && new URL(src, pageUrl).href === new URL(script, pageUrl).href;
  } catch {
    return false;
  }
};

/**
 * `response` (HTML) with the incident meta at the start of <head> (before any script that
 * reads it) and the script tag at the end of <body> when no <script src> already loads it
 * (a <script> of the page that comes after </body> is not seen in time: HTML streams).
 * Streams: HTMLRewriter rewrites as the bytes pass.
 */
export function inject(response: Response, incident: Incident, config: EdgeConfig, pageUrl: string): Response {
  if (!/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) return response;
  const tag = scriptTag(config);
  let hasScript = false;
  let metaDone = false;
  let added = false;
  const add = (put: (html: string) => void) => { if (tag && !hasScript && !added) { put(tag); added = true; } };
  const rewriter = new HTMLRewriter()
    .on('head', { element(head) { if (!metaDone) { head.prepend(incidentMeta(incident), { html: true }); metaDone = true; } } })
    .on('script[src]', { element(script) { if (tag && isOurScript(script.getAttribute('src'), config.script!, pageUrl)) hasScript = true; } })
    .on('body', {
      element(body) {
        // A page with no <head> element still gets the meta, first in <body>.
        if (!metaDone) { body.prepend(incidentMeta(incident), { html: true }); metaDone = true; }
        if (tag) body.onEndTag((end) => add((html) => end.before(html, { html: true })));
      },
    })
    // A page whose <head> and </body> are implied (never written) gets both at the end of the document.
    .onDocument({
      end(end) {
        if (!metaDone) { end.append(incidentMeta(incident), { html: true }); metaDone = true; }
        add((html) => end.append(html, { html: true }));
      },
    });
  return rewriter.transform(response);
}
