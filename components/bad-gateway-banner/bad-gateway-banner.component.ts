import { LitElement, type PropertyValues, type TemplateResult } from 'lit';
// First: this module order in the bundles gzips 11 bytes smaller, which keeps the incident within its budget.
import { LANGUAGES, pickLanguage, type BannerStrings, type Lang } from './strings/index.js';
import { diagnose, type Diagnosis } from '../../core/diagnosis.js';
import type { Said } from '../../core/gateways.js';
import type { FailureKind, Shown } from '../../core/protocol.js';
import { styles } from './bad-gateway-banner.styles.js';
import { CountdownController, type Clock } from './countdown-controller.js';
import { savedPages, type SavedPage } from './saved-pages.js';
import { fetchStatus, httpUrl, type StatusSummary } from './status-feed.js';
import { headline, sentences } from './banner-state.js';
import { card } from './banner-view.js';

export type BannerKind = FailureKind | 'offline' | '';
export type BannerPosition = 'top' | 'bottom' | 'inline';
/** Detail of every banner event: the URL the banner is about. */
export interface BannerEventDetail { url: string }

/**
 * Explains a failed page load in plain words, counts down to the next automatic check, and
 * offers what the visitor can do. It shows what it is told and holds no policy: the page
 * client sets its properties and listens to its events.
 *
 * The page client inserts one during an incident. A banner placed in the page by hand should
 * carry `hidden`: the page client shows it during an incident and hides it again afterwards.
 *
 * Floating (`position` top or bottom) over a page the visitor is reading, it starts brief:
 * the headline, the age of the copy and the retry, with a Details button for the rest, so it
 * covers little of the page. Inline, on a fallback page, and once the site is back, it shows
 * everything.
 *
 * Colours have light and dark defaults (prefers-color-scheme). A page that sets one colour
 * should set its partners too (background with color, muted and accent), or the other
 * scheme's defaults may end up on its background.
 *
 * @summary Tells the visitor why the page failed and brings the fresh page back.
 *
 * @slot - The site's own message, shown under the explanation.
 *
 * @event {CustomEvent<{ url: string }>} bad-gateway-retry - The visitor pressed "Retry now". Detail: `{ url }`.
 * @event {CustomEvent<{ url: string }>} bad-gateway-dismiss - The visitor dismissed the banner; it hides itself (sets `hidden`)
 *   unless the event is cancelled. Detail: `{ url }`.
 * @event {CustomEvent<{ url: string }>} bad-gateway-reload - The visitor pressed "Reload" after the site came back. Detail: `{ url }`.
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
 * @csspart details-button - "Details", the disclosure button of a floating banner.
 * @csspart dismiss-button - The close button.
 * @csspart links - The list of links.
 * @csspart status - The live status from the status page.
 * @csspart tips - The "What you can try" disclosure.
 * @csspart pages - On a fallback page: "Pages you can read now", links to the saved copies with their age.
 * @csspart path - The picture of the request's path (device, connection, gateway or CDN, server), a list with each hop's state.
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
 * @cssproperty --bad-gateway-ok - Path picture: a hop that works.
 * @cssproperty --bad-gateway-fail - Path picture: the hop that failed.
 * @cssproperty --bad-gateway-slow - Path picture: a hop that was too slow.
 */
export class BadGatewayBanner extends LitElement {
  static override styles = styles;

  static override properties = {
    kind: { reflect: true },
    status: { type: Number },
    server: {},
    gateway: {},
    said: {},
    waited: { type: Number },
    served: {},
    savedAt: { type: Number, attribute: 'saved-at' },
    url: {},
    nextRetryAt: { type: Number, attribute: 'next-retry-at' },
    checking: { type: Boolean, reflect: true },
    recovered: { type: Boolean, reflect: true },
    updating: { type: Boolean },
    retryAfter: { attribute: 'retry-after' },
    statusPage: { attribute: 'status-page' },
    contact: {},
    downCheckers: { type: Boolean, attribute: 'down-checkers' },
    archive: { type: Boolean },
    lang: {},
    position: { reflect: true },
    expanded: { type: Boolean, reflect: true },
    strings: { attribute: false },
    criticalPages: { attribute: 'critical-pages' },
    _summary: { state: true },
    _pages: { state: true },
  };

  /** What failed: 'offline', 'network', 'timeout', 'status' (see `status`), or '' when unknown. */
  declare kind: BannerKind;
  /** HTTP status of the failed answer, when `kind` is 'status'. */
  declare status: number;
  /** Server header of the failed answer ('cloudflare', 'nginx'), used to name the gateway. */
  declare server: string;
  /** The known gateway the worker recognised in the failed answer ('Varnish', 'HAProxy'); names outside the built-in table are ignored. */
  declare gateway: string;
  /** What that gateway's own error page said about the site's server: 'unreachable' or 'slow'. */
  declare said: Said | '';
  /** Milliseconds the failed answer took (a gateway that answered late gave up waiting). */
  declare waited: number;
  /** What the page shows: a saved 'copy', a 'fallback' page, the live page ('none'), the live page with some data from saved copies ('data'), or the part of it that arrived before it broke off ('partial'). */
  declare served: Shown;
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
  /** With `recovered`: the page brings itself up to date without a reload (recovery 'event'), so none is offered. */
  declare updating: boolean;
  /** Retry-After of the failed answer; with a 503 it reads as planned downtime. */
  declare retryAfter: string;
  /** The site's status page (http or https). */
  declare statusPage: string;
  /** How to reach the site's owners: an http(s) or mailto: URL, or an e-mail address. */
  declare contact: string;
  /** Show "is it down for everyone?" links. */
  declare downCheckers: boolean;
  /** Show a link to the page on the Internet Archive (for public pages only). */
  declare archive: boolean;
  /** Language ('en', 'zh-CN', ...); by default the page's, then the browser's. */
  declare lang: string;
  /**
   * 'bottom' floats over the page without moving it, as a card in the bottom corner on wide
   * screens and a bar along the bottom on phones (where sites rarely put their navigation);
   * 'top' floats centred at the top; 'inline' sits in the flow.
   */
  declare position: BannerPosition;
  /** A floating banner shows the whole explanation, not just its brief form (the Details button toggles it). */
  declare expanded: boolean;
  /** Replacements for any of the built-in strings. */
  declare strings: Partial<BannerStrings>;
  /** Space-separated URLs listed first among the pages the visitor can read now (on a fallback page). */
  declare criticalPages: string;

  declare private _summary: StatusSummary | null;
  /** On a fallback page: the saved pages the visitor can open instead. */
  declare private _pages: SavedPage[];
  /** Settles once the saved pages were read (tests wait for it). */
  private _pagesRead: Promise<unknown> = Promise.resolve();
  private readonly _countdown = new CountdownController(this);
  private _feed?: AbortController;
  private _loaded: Promise<StatusSummary | null> = Promise.resolve(null);
  /** The headline as last rendered, and as last given to the live region. */
  private _news = '';
  private _announced = '';
  private _announceTimer: unknown;

  constructor() {
    super();
    this.kind = '';
    this.status = 0;
    this.server = '';
    this.gateway = '';
    this.said = '';
    this.waited = 0;
    this.served = 'none';
    this.savedAt = 0;
    this.url = '';
    this.nextRetryAt = 0;
    this.checking = false;
    this.recovered = false;
    this.updating = false;
    this.retryAfter = '';
    this.statusPage = '';
    this.contact = '';
    this.downCheckers = false;
    this.archive = false;
    this.position = 'inline';
    this.expanded = false;
    this.strings = {};
    this.criticalPages = '';
    this._pages = [];
  }

  /** Time source of the countdown, the copy's age and the announcement; tests replace it. @internal */
  get clock(): Clock {
    return this._countdown.clock;
  }
  /** @internal */
  set clock(clock: Clock) {
    this._countdown.clock = clock;
    this.requestUpdate();
  }

  /** The language the banner speaks, resolved from `lang`, the page, then the browser. */
  get language(): Lang {
    // The closest lang attribute outside the banner, walking out of shadow roots too.
    let node = this.parentNode;
    while (node && !(node as Element).getAttribute?.('lang')) node = node.parentNode ?? (node as ShadowRoot).host;
    return pickLanguage([this.lang, (node as Element | null)?.getAttribute('lang')], navigator.languages ?? [navigator.language]);
  }

  /** The diagnosis the banner shows. */
  get diagnosis(): Diagnosis {
    const { kind, status, server, retryAfter, gateway, said, waited } = this;
    return diagnose({ kind, status, server, retryAfter, gateway, said, waited, online: navigator.onLine });
  }

  /** Settles with the status page's live status once fetched, or null when there is none to show. */
  get statusLoaded(): Promise<StatusSummary | null> {
    return this._loaded;
  }

  /** Going on- or offline changes the diagnosis. @internal */
  handleEvent(): void {
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this);
    addEventListener('offline', this);
    if (this.hasUpdated) this._load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this);
    removeEventListener('offline', this);
    this._feed?.abort();
    if (this._announceTimer) {
      // Not said yet: say it when the banner is back (the next update).
      this.clock.clearTimeout(this._announceTimer);
      this._announceTimer = this._announced = '';
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Here rather than in updated(): clearing the old summary then needs no second render.
    if (changed.has('statusPage')) this._load();
    if (changed.has('served') && this.served == 'fallback' && self.caches) {
      const url = new URL(this.url || location.href, location.href).href;
      this._pagesRead = savedPages(url, this.criticalPages.split(/\s+/).map((u) => u && new URL(u, location.href).href))
        .then((pages) => (this._pages = pages), () => []);
    }
    if (changed.has('nextRetryAt') || changed.has('recovered')) this._countdown.set(this.recovered ? 0 : this.nextRetryAt);
  }

  protected override updated(): void {
    // Announce the incident once through the polite live region: only when the headline
    // changes, never on countdown ticks (which are kept out of the accessibility tree).
    // The text goes in a moment after the region exists: screen readers tend to miss
    // content that arrives together with its live region.
    const text = this._news;
    if (text != this._announced) {
      this._announced = text;
      this.clock.clearTimeout(this._announceTimer);
      this._announceTimer = this.clock.setTimeout(() => {
        this._announceTimer = '';
        this.renderRoot.querySelector('[aria-live]')!.textContent = text;
      }, 100);
    }
  }

  private _load(): void {
    this._feed?.abort();
    this._summary = null;
    const page = httpUrl(this.statusPage, document.baseURI);
    const feed = (this._feed = new AbortController());
    this._loaded = page && this.isConnected
      // The controller doubles as the options: its `signal` is the one fetchStatus takes.
      ? fetchStatus(page, feed).then((summary) => {
        if (this._feed == feed) this._summary = summary;
        return summary;
      })
      : Promise.resolve(null);
  }

  private _emit(name: keyof HTMLElementEventMap): boolean {
    const detail: BannerEventDetail = { url: this.url || location.href };
    return this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, cancelable: true, detail }));
  }

  protected override render(): TemplateResult {
    const lang = this.language;
    const s: BannerStrings = { ...LANGUAGES[lang], ...this.strings };
    const d = this.diagnosis;
    const said = headline(d, s, this.recovered, this.updating);
    this._news = sentences(...said);
    return card(this, lang, s, d, said, this._summary, this._pages, this._countdown.seconds, (name) => this._emit(name));
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
