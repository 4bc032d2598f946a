// The banner's Lit templates: the card (headline, explanation, path picture, saved copy and
// pages, live status, actions, links and tips) and its icons, drawn from what the element
// holds. The words come from the pure functions in banner-state.ts.
import { html, nothing, type TemplateResult } from 'lit';
import { pathOf, type Diagnosis } from '../../core/diagnosis.js';
import type { BadGatewayBanner } from './bad-gateway-banner.component.js';
import type { SavedPage } from './saved-pages.js';
import { httpUrl, type StatusSummary } from './status-feed.js';
import { format, type BannerStrings, type Lang } from './strings/index.js';
import { cap, contactUrl, links, retryIn, savedAgo, savedText, tips } from './banner-state.js';

// Decorative icons (24×24, stroked with currentColor), hidden from assistive technology.
const icon = (d: string) => html`<svg viewBox="0 0 24 24"><path d=${d} /></svg>`;
const CIRCLE = 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0';
/** A cloud with an exclamation mark: the site is down (server, connection, unknown). */
const CLOUD = 'M7 18.5h10a4 4 0 0 0 .9-7.9 6 6 0 0 0-11.6-1.4A4.6 4.6 0 0 0 7 18.5zM12 9.5v4M12 16.5v.01';
const ICONS: Partial<Record<Diagnosis['cause'] | 'recovered', string>> = {
  offline: 'M2.5 9a14 14 0 0 1 19 0M5.5 12.5a9.5 9.5 0 0 1 13 0M9 16a4.5 4.5 0 0 1 6 0M12 19.5v.01M4 4l16 16',
  timeout: CIRCLE + 'M12 7v5l3.5 2',
  recovered: CIRCLE + 'M8 12.5l2.8 2.8L16.2 9.8',
};

/** A link that opens beside the page, so the visitor keeps the saved copy. */
const link = (href: string, text: string) => html`<a href=${href} target="_blank" rel="noopener">${text}</a>`;

/**
 * The request's path as a picture — your device, your connection, the site's gateway or
 * CDN (named when known), the site's server — each hop marked from the diagnosis. Drawn
 * with CSS only; each hop's name and state are its text, so the list reads the same.
 */
function pathPicture(d: Diagnosis, s: BannerStrings): TemplateResult {
  const names = [s.hopDevice, s.hopConnection, d.gateway == 'cdn' ? s.hopCdn : s.hopGateway, s.hopServer];
  return html`<ol part="path" class="path" aria-label=${s.pathTitle}>${pathOf(d).map((hop, i) => html`<li class=${hop}>
      <span class="mark" aria-hidden="true"></span>${names[i]}${i == 2 && d.gatewayName ? html` <b>${d.gatewayName}</b>` : nothing}
      <span class="state">${s[`hop${cap(hop) as 'Ok'}`]}</span></li>`)}</ol>`;
}

/**
 * The whole card: icon, headline, and (unless folded) the explanation and the rest; the
 * element's slot; the actions; the dismiss button; the live region the element announces in.
 */
export function card(
  b: BadGatewayBanner, lang: Lang, s: BannerStrings, d: Diagnosis, [title, detail]: [string, string],
  summary: StatusSummary | null, pages: SavedPage[], seconds: number, emit: (name: keyof HTMLElementEventMap) => boolean,
): TemplateResult {
  const back = b.recovered;
  const page = httpUrl(b.statusPage, document.baseURI);
  const target = httpUrl(b.url || location.href);
  const incident = summary?.incident;
  // Floating over a page the visitor reads, it starts brief; see the element's comment.
  const fold = b.position != 'inline' && !back && b.served != 'fallback';
  const brief = fold && !b.expanded;
  // The failed page's host for the "is it down for everyone?" links.
  const host = b.downCheckers && target && encodeURIComponent(new URL(target).hostname);
  const shown = links(s, page, target, b.archive, contactUrl(b.contact, document.baseURI));
  return html`
      <div part="base" class="base ${back ? 'recovered' : d.cause}" lang=${lang} role="region" aria-labelledby="title">
        <span part="icon" class="icon" aria-hidden="true">${icon(ICONS[back ? 'recovered' : d.cause] ?? CLOUD)}</span>
        <div part="message" class="message">
          <p part="title" class="title" id="title">${title}</p>
          ${brief ? nothing : html`<p part="detail">
            ${detail}${!back && d.reason && d.status ? html` <span part="code" class="code muted">${format(s.statusCode, { status: d.status })}</span>` : nothing}
          </p>`}
          ${back || brief ? nothing : pathPicture(d, s)}
          ${back ? nothing : html`
            ${b.served != 'none' && (b.served != 'copy' || b.savedAt > 0)
              ? html`<p part="saved" class="muted" title=${b.served == 'copy' ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(b.savedAt) : nothing}>
                  ${savedText(b.served, b.savedAt, b.clock.now(), lang, s)}
                </p>`
              : nothing}
            ${b.served == 'fallback' && pages.length ? html`<div part="pages" class="pages">
                <p class="subtitle" id="pages">${s.pagesTitle}</p>
                <ul aria-labelledby="pages">${pages.map((p) => html`<li><a href=${p.url}>${p.title}</a>
                  <span class="muted">${savedAgo(s.pageSaved, p.savedAt, b.clock.now(), lang)}</span></li>`)}</ul>
              </div>` : nothing}
            ${summary && !brief
              ? html`<p part="status">
                  <span class="dot ${summary.indicator}" aria-hidden="true"></span>${format(s.statusLive, summary as never)}${incident
                    ? html` · ${incident.url ? link(incident.url, format(s.statusIncident, incident as never)) : format(s.statusIncident, incident as never)}`
                    : nothing}
                </p>`
              : nothing}`}
          <slot></slot>
          ${back && b.updating
            // Back, and the page updates itself: nothing to press, so no (empty) row either.
            ? nothing
            : html`<div part="actions" class="actions">
            ${back
              ? html`<button part="reload-button" class="primary" @click=${() => emit('bad-gateway-reload')}>${s.reload}</button>`
              : html`<button part="retry-button" class="primary" aria-disabled=${b.checking} @click=${() => b.checking || emit('bad-gateway-retry')}>${s.retry}</button>
                ${b.checking || (b.nextRetryAt > 0 && !seconds)
                  ? html`<span part="countdown" class="countdown"><span class="spinner">${icon('M12 3a9 9 0 1 0 9 9')}</span>${s.checking}</span>`
                  : seconds
                    // The ticking text is hidden from screen readers (it would be read out or
                    // re-announced every second); they get one steady sentence instead.
                    ? html`<span part="countdown" class="countdown" aria-hidden="true">${retryIn(seconds, s)}</span>
                      <span class="sr">${s.retryAuto}</span>`
                    : nothing}`}
            ${fold
              // One name, its state in aria-expanded and the arrow (a disclosure button).
              ? html`<button part="details-button" class="more" aria-expanded=${!brief} @click=${() => (b.expanded = !b.expanded)}><span class="arrow" aria-hidden="true">${icon('M9 6l6 6-6 6')}</span>${s.details}</button>`
              : nothing}
          </div>`}
          ${back || brief ? nothing : html`
            ${shown.length ? html`<ul part="links" class="links" aria-label=${s.links}>${shown.map(([href, text]) => html`<li>${link(href, text)}</li>`)}</ul>` : nothing}
            <details part="tips">
              <summary>${s.tipsTitle}</summary>
              <ul>${tips(d, page).map((tip) => html`<li>${s[`tip${cap(tip) as 'Wait'}`]}${tip == 'downCheck' && host
                ? html`<br>${link(`https://downforeveryoneorjustme.com/${host}`, 'downforeveryoneorjustme.com')} · ${link(`https://www.isitdownrightnow.com/${host}.html`, 'isitdownrightnow.com')}`
                : nothing}</li>`)}</ul>
            </details>`}
        </div>
        ${b.served == 'fallback' && !back
          // On a fallback page the banner is the page: closing it would leave nothing.
          ? nothing
          : html`<button part="dismiss-button" class="dismiss" aria-label=${s.dismiss} title=${s.dismiss} @click=${() => emit('bad-gateway-dismiss') && (b.hidden = true)}>${icon('M6 6l12 12M18 6L6 18')}</button>`}
        <div class="sr" role="status" aria-live="polite" aria-atomic="true"></div>
      </div>
    `;
}
