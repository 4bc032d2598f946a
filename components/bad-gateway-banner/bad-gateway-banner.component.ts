import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { diagnose, tipsFor, type Diagnosis, type Tip } from '../../src/diagnosis.js';
import type { FailureKind, Served } from '../../src/protocol.js';
import { styles } from './bad-gateway-banner.styles.js';
import { CountdownController, type Clock } from './countdown-controller.js';
import { fetchStatus, httpUrl, type StatusSummary } from './status-feed.js';
import { LANGUAGES, format, pickLanguage, type BannerStrings, type Lang } from './strings/index.js';
import { ageInWords, countdownText } from './time-words.js';

export type BannerKind = FailureKind | 'offline' | '';
export type BannerPosition = 'top' | 'bottom' | 'inline';
/** Detail of every banner event: the URL the banner is about. */
export interface BannerEventDetail { url: string }

type Headline = [title: keyof BannerStrings, detail: keyof BannerStrings];
const HEADLINES: Record<Exclude<Diagnosis['cause'], 'server'>, Headline> = {
  offline: ['titleOffline', 'detailOffline'],
  timeout: ['titleTimeout', 'detailTimeout'],
  connection: ['titleConnection', 'detailConnection'],
  unknown: ['titleUnknown', 'detailUnknown'],
};

/** ms between rendering the live region and filling it (see updated()). */
const ANNOUNCE_DELAY = 100;

/** Joins sentences: with a space, except after full-width (CJK) punctuation, which has its own. */
const sentences = (...parts: string[]): string =>
  parts.reduce((all, part) => (!all ? part : /[\u3000-\u303f\uff00-\uffef]$/.test(all) ? all + part : `${all} ${part}`), '');

/** `value` as an absolute http(s) URL, resolved against the page like any link; else null. */
const link = (value: string): string | null => httpUrl(value, document.baseURI);

/** `value` if it is an http(s) or mailto: URL, else null. */
function contactUrl(value: string): string | null {
  return /^mailto:[^\s]+$/i.test(value.trim()) ? value.trim() : link(value);
}

/** The lang attribute nearest to `node`, walking out of shadow roots too. */
function closestLang(node: Node | null): string | null {
  for (let n = node; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) {
    if (n instanceof Element && n.hasAttribute('lang')) return n.getAttribute('lang');
  }
  return null;
}

// Decorative icons (24×24, stroked with currentColor), hidden from assistive technology.
const ICON_DOWN = html`<svg viewBox="0 0 24 24"><path d="M7 18.5h10a4 4 0 0 0 .9-7.9 6 6 0 0 0-11.6-1.4A4.6 4.6 0 0 0 7 18.5z"/><path d="M12 9.5v4M12 16.5v.01"/></svg>`;
const ICON_OFFLINE = html`<svg viewBox="0 0 24 24"><path d="M2.5 9a14 14 0 0 1 19 0M5.5 12.5a9.5 9.5 0 0 1 13 0M9 16a4.5 4.5 0 0 1 6 0M12 19.5v.01M4 4l16 16"/></svg>`;
const ICON_SLOW = html`<svg viewBox="0 0 24 24"><circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/></svg>`;
const ICON_BACK = html`<svg viewBox="0 0 24 24"><circle cx="12" cy="12" r="9"/><path d="M8 12.5l2.8 2.8L16.2 9.8"/></svg>`;
const ICON_SPIN = html`<svg class="spinner" viewBox="0 0 24 24"><path d="M12 3a9 9 0 1 0 9 9"/></svg>`;
const ICON_CLOSE = html`<svg viewBox="0 0 24 24"><path d="M6 6l12 12M18 6L6 18"/></svg>`;

/**
 * @summary Explains a failed page load in plain words, counts down to the next automatic
 * check, and offers what the visitor can do. It shows what it is told and holds no policy:
 * the page client sets its properties and listens to its events.
 *
 * @slot - The site's own message, shown under the explanation.
 *
 * @event bad-gateway-retry - The visitor pressed "Retry now". Detail: `{ url }`.
 * @event bad-gateway-dismiss - The visitor dismissed the banner; it hides itself (sets `hidden`)
 *   unless the event is cancelled. Detail: `{ url }`.
 * @event bad-gateway-reload - The visitor pressed "Reload" after the site came back. Detail: `{ url }`.
 *
 * @csspart base - The card.
 * @csspart icon - The icon at the start.
 * @csspart message - Everything beside the icon.
 * @csspart title - The headline.
 * @csspart detail - The explanation.
 * @csspart code - The HTTP status code.
 * @csspart saved - "You're reading a copy saved …".
 * @csspart actions - Row with the retry (or reload) button and the countdown.
 * @csspart retry-button - "Retry now".
 * @csspart reload-button - "Reload", when the site is back.
 * @csspart countdown - Time until the next check, or "Checking…".
 * @csspart dismiss-button - The close button.
 * @csspart links - The list of links.
 * @csspart status - The live status from the status page.
 * @csspart tips - The "What you can try" disclosure.
 *
 * Colours have light and dark defaults (prefers-color-scheme). A page that sets one colour
 * should set its partners too (background with color, muted and accent), or the other
 * scheme's defaults may end up on its background.
 *
 * @cssproperty --bad-gateway-background - Card background.
 * @cssproperty --bad-gateway-color - Text colour.
 * @cssproperty --bad-gateway-muted - Secondary text colour.
 * @cssproperty --bad-gateway-accent - Buttons, links and focus rings.
 * @cssproperty --bad-gateway-accent-text - Text on the accent colour.
 * @cssproperty --bad-gateway-border - Card border.
 * @cssproperty --bad-gateway-icon - Icon colour.
 * @cssproperty --bad-gateway-font - Font family.
 * @cssproperty --bad-gateway-radius - Card corner radius.
 * @cssproperty --bad-gateway-shadow - Card shadow when it floats (top/bottom).
 * @cssproperty --bad-gateway-max-width - Widest the card gets.
 * @cssproperty --bad-gateway-z-index - Stacking order when it floats.
 * @cssproperty --bad-gateway-gap - Space between a floating card and the viewport edge.
 */
export class BadGatewayBanner extends LitElement {
  static override styles = styles;

  static override properties = {
    kind: { reflect: true },
    status: { type: Number },
    server: {},
    served: {},
    savedAt: { type: Number, attribute: 'saved-at' },
    url: {},
    nextRetryAt: { type: Number, attribute: 'next-retry-at' },
    checking: { type: Boolean, reflect: true },
    recovered: { type: Boolean, reflect: true },
    retryAfter: { attribute: 'retry-after' },
    statusPage: { attribute: 'status-page' },
    contact: {},
    downCheckers: { type: Boolean, attribute: 'down-checkers' },
    archive: { type: Boolean },
    lang: {},
    position: { reflect: true },
    strings: { attribute: false },
    summary: { state: true },
  };

  /** What failed: 'offline', 'network', 'timeout', 'status' (see `status`), or '' when unknown. */
  declare kind: BannerKind;
  /** HTTP status of the failed answer, when `kind` is 'status'. */
  declare status: number;
  /** Server header of the failed answer ('cloudflare', 'nginx'), used to name the gateway. */
  declare server: string;
  /** What the page shows: a saved 'copy', a 'fallback' page, or the live page ('none'). */
  declare served: Served;
  /** When the shown copy was saved, epoch ms (0 = unknown). */
  declare savedAt: number;
  /** The page or URL that failed; defaults to the current page. */
  declare url: string;
  /** When the next automatic check happens, epoch ms (0 = none scheduled). */
  declare nextRetryAt: number;
  /** A check is running now. */
  declare checking: boolean;
  /** The site is back, but the page kept the visitor's typed input: offer a reload. */
  declare recovered: boolean;
  /** Retry-After of the failed answer; with a 503 it reads as planned downtime. */
  declare retryAfter: string;
  /** The site's status page (http or https). */
  declare statusPage: string;
  /** How to reach the site's owners (http, https or mailto:). */
  declare contact: string;
  /** Show "is it down for everyone?" links. */
  declare downCheckers: boolean;
  /** Show a link to the page on the Internet Archive (for public pages only). */
  declare archive: boolean;
  /** Language ('en', 'zh-CN', ...); by default the page's, then the browser's. */
  declare lang: string;
  /** 'top' or 'bottom' float over the page without moving it; 'inline' sits in the flow. */
  declare position: BannerPosition;
  /** Replacements for any of the built-in strings. */
  declare strings: Partial<BannerStrings>;

  declare private summary: StatusSummary | null;
  private readonly countdown = new CountdownController(this);
  private feed: AbortController | null = null;
  private feedDone: Promise<StatusSummary | null> = Promise.resolve(null);
  private announced = '';
  private announceTimer: unknown;
  private readonly onNetworkChange = () => this.requestUpdate();

  constructor() {
    super();
    this.kind = '';
    this.status = 0;
    this.server = '';
    this.served = 'none';
    this.savedAt = 0;
    this.url = '';
    this.nextRetryAt = 0;
    this.checking = false;
    this.recovered = false;
    this.retryAfter = '';
    this.statusPage = '';
    this.contact = '';
    this.downCheckers = false;
    this.archive = false;
    this.position = 'inline';
    this.strings = {};
    this.summary = null;
  }

  /** Time source of the countdown, the copy's age and the announcement; tests replace it. */
  get clock(): Clock {
    return this.countdown.clock;
  }
  set clock(clock: Clock) {
    this.countdown.clock = clock;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.onNetworkChange);
    addEventListener('offline', this.onNetworkChange);
    if (this.hasUpdated) this.loadStatus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.onNetworkChange);
    removeEventListener('offline', this.onNetworkChange);
    this.feed?.abort();
    this.feed = null;
    if (this.announceTimer !== undefined) {
      // Not said yet: say it when the banner is back (the next update).
      this.clock.clearTimeout(this.announceTimer);
      this.announceTimer = undefined;
      this.announced = '';
    }
  }

  /** The language the banner speaks, resolved from `lang`, the page, then the browser. */
  get language(): Lang {
    return pickLanguage([this.lang, closestLang(this.parentNode)], navigator.languages ?? [navigator.language]);
  }

  /** The diagnosis the banner shows. */
  get diagnosis(): Diagnosis {
    return diagnose({ kind: this.kind, status: this.status, server: this.server, retryAfter: this.retryAfter, online: navigator.onLine });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Here rather than in updated(): clearing the old summary then needs no second render.
    if (changed.has('statusPage')) this.loadStatus();
    if (changed.has('nextRetryAt') || changed.has('recovered')) this.countdown.set(this.recovered ? 0 : this.nextRetryAt);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Announce the incident once through the polite live region: only when the headline
    // changes, never on countdown ticks (which are kept out of the accessibility tree).
    // The text goes in a moment after the region exists: screen readers tend to miss
    // content that arrives together with its live region.
    const text = sentences(...this.headline());
    if (text !== this.announced) {
      this.announced = text;
      if (this.announceTimer !== undefined) this.clock.clearTimeout(this.announceTimer);
      this.announceTimer = this.clock.setTimeout(() => {
        this.announceTimer = undefined;
        const region = this.renderRoot.querySelector('.live-region');
        if (region) region.textContent = text;
      }, ANNOUNCE_DELAY);
    }
  }

  private loadStatus(): void {
    this.feed?.abort();
    this.feed = null;
    this.summary = null;
    const page = link(this.statusPage);
    if (!page || !this.isConnected) {
      this.feedDone = Promise.resolve(null);
      return;
    }
    const feed = (this.feed = new AbortController());
    this.feedDone = fetchStatus(page, { signal: feed.signal }).then((summary) => {
      if (this.feed === feed) this.summary = summary;
      return summary;
    });
  }

  /** Settles with the status page's live status once fetched, or null when there is none to show. */
  get statusLoaded(): Promise<StatusSummary | null> {
    return this.feedDone;
  }

  private get text(): BannerStrings {
    return { ...LANGUAGES[this.language], ...this.strings };
  }

  /** Title and explanation, the part worth announcing. */
  private headline(): [string, string] {
    const s = this.text;
    if (this.recovered) return [s.titleRecovered, s.detailRecovered];
    const d = this.diagnosis;
    if (d.cause !== 'server') return [s[HEADLINES[d.cause][0]], s[HEADLINES[d.cause][1]]];
    const gateway = d.gatewayName
      ? format(d.gateway === 'cdn' ? s.gatewayCdn : s.gatewayProxy, { name: d.gatewayName })
      : s.gatewayUnnamed;
    const detail = {
      unreachable: format(s.detailUnreachable, { gateway }),
      slow: format(s.detailSlow, { gateway }),
      maintenance: s.detailMaintenance,
      unavailable: s.detailUnavailable,
      error: s.detailError,
    }[d.reason ?? 'error'];
    return [d.reason === 'maintenance' ? s.titleMaintenance : s.titleServer, sentences(detail, s.notYourSide)];
  }

  private emit(name: 'bad-gateway-retry' | 'bad-gateway-dismiss' | 'bad-gateway-reload'): boolean {
    const detail: BannerEventDetail = { url: this.pageUrl };
    return this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, cancelable: true, detail }));
  }

  private get pageUrl(): string {
    return this.url || location.href;
  }

  private onRetry(): void {
    if (!this.checking) this.emit('bad-gateway-retry');
  }

  private onDismiss(): void {
    if (this.emit('bad-gateway-dismiss')) this.hidden = true;
  }

  private onReload(): void {
    this.emit('bad-gateway-reload');
  }

  protected override render(): TemplateResult {
    const s = this.text;
    const lang = this.language;
    const d = this.diagnosis;
    const [title, detail] = this.headline();
    const icon = this.recovered ? ICON_BACK : d.cause === 'offline' ? ICON_OFFLINE : d.cause === 'timeout' ? ICON_SLOW : ICON_DOWN;
    return html`
      <div part="base" class="base ${this.recovered ? 'recovered' : d.cause}" lang=${lang} role="region" aria-labelledby="title">
        <span part="icon" class="icon" aria-hidden="true">${icon}</span>
        <div part="message" class="message">
          <p part="title" class="title" id="title">${title}</p>
          <p part="detail" class="detail">
            ${detail}${d.status && d.cause === 'server' && !this.recovered
              ? html` <span part="code" class="code">${format(s.statusCode, { status: d.status })}</span>`
              : nothing}
          </p>
          ${this.recovered ? nothing : this.renderServed(s, lang)}
          ${this.recovered ? nothing : this.renderStatus(s)}
          <slot></slot>
          <div part="actions" class="actions">
            ${this.recovered
              ? html`<button part="reload-button" class="primary" @click=${this.onReload}>${s.reload}</button>`
              : html`<button part="retry-button" class="primary" aria-disabled=${this.checking ? 'true' : 'false'} @click=${this.onRetry}>${s.retry}</button>
                  ${this.renderCountdown(s)}`}
          </div>
          ${this.recovered ? nothing : this.renderLinks(s)}
          ${this.recovered ? nothing : this.renderTips(s, d)}
        </div>
        <button part="dismiss-button" class="dismiss" aria-label=${s.dismiss} title=${s.dismiss} @click=${this.onDismiss}>${ICON_CLOSE}</button>
        <div class="sr live-region" role="status" aria-live="polite" aria-atomic="true"></div>
      </div>
    `;
  }

  private renderServed(s: BannerStrings, lang: Lang): TemplateResult | typeof nothing {
    if (this.served === 'fallback') return html`<p part="saved" class="saved">${s.servedFallback}</p>`;
    if (this.served !== 'copy' || !(this.savedAt > 0)) return nothing;
    const age = ageInWords(this.savedAt, this.clock.now(), lang);
    const exact = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(this.savedAt);
    return html`<p part="saved" class="saved" title=${exact}>${format(s.servedCopy, { age })}</p>`;
  }

  /** The status page's own word on the outage, when it publishes one. */
  private renderStatus(s: BannerStrings): TemplateResult | typeof nothing {
    const summary = link(this.statusPage) ? this.summary : null;
    if (!summary) return nothing;
    const incident = summary.incident;
    const title = incident ? format(s.statusIncident, { name: incident.name }) : '';
    return html`<p part="status" class="status">
      <span class="dot ${summary.indicator}" aria-hidden="true"></span>${format(s.statusLive, { description: summary.description })}${incident
        ? html` · ${incident.url ? html`<a href=${incident.url} target="_blank" rel="noopener">${title}</a>` : title}`
        : nothing}
    </p>`;
  }

  private renderCountdown(s: BannerStrings): TemplateResult | typeof nothing {
    const seconds = this.countdown.seconds;
    if (this.checking || (this.nextRetryAt > 0 && seconds === 0)) {
      return html`<span part="countdown" class="countdown">${ICON_SPIN}${s.checking}</span>`;
    }
    if (seconds === 0) return nothing;
    // The ticking text is hidden from screen readers (it would be read out or re-announced
    // every second); they get one steady sentence instead.
    return html`<span part="countdown" class="countdown" aria-hidden="true">${format(s.retryIn, { time: countdownText(seconds, s.seconds) })}</span>
      <span class="sr">${s.retryAuto}</span>`;
  }

  private renderLinks(s: BannerStrings): TemplateResult | typeof nothing {
    const page = link(this.statusPage);
    const contact = this.contact ? contactUrl(this.contact) : null;
    const target = link(this.pageUrl);
    const items: TemplateResult[] = [];
    if (page) items.push(html`<li><a href=${page} target="_blank" rel="noopener">${s.statusPage}</a></li>`);
    if (this.archive && target) {
      items.push(html`<li><a href="https://web.archive.org/web/*/${target}" target="_blank" rel="noopener">${s.archive}</a></li>`);
    }
    if (contact) items.push(html`<li><a href=${contact} target="_blank" rel="noopener">${s.contact}</a></li>`);
    return items.length ? html`<ul part="links" class="links" aria-label=${s.links}>${items}</ul>` : nothing;
  }

  private renderTips(s: BannerStrings, d: Diagnosis): TemplateResult {
    const tips = tipsFor(d).filter((tip) => tip !== 'statusPage' || link(this.statusPage));
    const target = link(this.pageUrl);
    const host = this.downCheckers && target ? encodeURIComponent(new URL(target).hostname) : '';
    return html`<details part="tips" class="tips">
      <summary>${s.tipsTitle}</summary>
      <ul>${tips.map((tip) => html`<li>${s[`tip${tip[0].toUpperCase()}${tip.slice(1)}` as `tip${Capitalize<Tip>}`]}${tip === 'downCheck' && host
        ? html`<br><a href="https://downforeveryoneorjustme.com/${host}" target="_blank" rel="noopener">downforeveryoneorjustme.com</a>
            · <a href="https://www.isitdownrightnow.com/${host}.html" target="_blank" rel="noopener">isitdownrightnow.com</a>`
        : nothing}</li>`)}</ul>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bad-gateway-banner': BadGatewayBanner;
  }
  interface HTMLElementEventMap {
    'bad-gateway-retry': CustomEvent<BannerEventDetail>;
    'bad-gateway-dismiss': CustomEvent<BannerEventDetail>;
    'bad-gateway-reload': CustomEvent<BannerEventDetail>;
  }
}
