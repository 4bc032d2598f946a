// Shows the incident's state on <bad-gateway-banner>: the site's own if it placed one, else
// one the controller appends. The banner is optional to everything else (events, checks and
// recovery go on without it), so all that touches it is here.
import { BANNER, defineBanner, type BannerElement } from './banner-seam.js';
import { pageUrl, type IncidentState } from './incident-state.js';

export function hide(s: IncidentState): void {
  const banner = s._banner;
  if (banner && s._inserted) banner.remove();
  else if (banner) banner.hidden = true;
  s._banner = null;
  s._inserted = false;
}

/**
 * Fetches the banner's code the first time there is something to show, then renders.
 * Without it (offline with no saved copy of the file) the page carries on bannerless:
 * events, checks and recovery do not depend on it.
 */
function define(s: IncidentState): void {
  if (s._defining || (!s.settings.banner && !document.querySelector(BANNER))) return;
  s._defining = Promise.resolve().then(s.hooks.loadBanner ?? defineBanner).then(() => s._stopped || render(s), (error: unknown) => {
    // Tried again at the next render (the next check, say), but said once.
    s._defining = undefined;
    if (!s._warned) console.warn('bad-gateway: the banner could not be loaded; checks and recovery go on without it.', error);
    s._warned = true;
  }).catch((error: unknown) => console.warn('bad-gateway:', error)); // the visitor's page never gets an uncaught error
}

/** Puts the state on the banner: the site's own if it placed one, else one appended to the body. */
export function render(s: IncidentState): void {
  const record = s._record;
  const o = s.settings;
  if (!record && !s._recovered) return;
  // Until it is defined a placed banner keeps its `hidden` (its own message unstyled would show otherwise).
  if (!customElements.get(BANNER)) return define(s);
  if (!s._banner?.isConnected) {
    s._banner = document.querySelector<BannerElement>(BANNER);
    // A page that broke off in its head never gets a body: once parsed, the banner is all it shows.
    const parent = document.body ?? (document.readyState == 'loading' ? null : document.documentElement);
    s._inserted = !s._banner && o.banner && !!parent;
    if (s._inserted) {
      const banner: BannerElement = document.createElement(BANNER);
      banner.position = o.position;
      parent.append(banner);
      s._banner = banner;
    }
  }
  const banner = s._banner;
  if (!banner) return;
  const page = s._page;
  const incident = record?.incident ?? page;
  Object.assign(banner, {
    hidden: false,
    checking: s._checking,
    recovered: s._recovered,
    updating: s._recovered && o.recovery == 'event',
    nextRetryAt: record?.nextRetryAt ?? 0,
    served: page?.broken ? 'partial' : page?.served ?? (s._data == 'copy' ? 'data' : 'none'),
    savedAt: page?.savedAt ?? 0,
    url: pageUrl(),
  }, incident && {
    kind: navigator.onLine ? incident.kind : 'offline',
    status: incident.status ?? 0,
    server: incident.server ?? '',
    retryAfter: incident.retryAfter ?? '',
    gateway: incident.gateway ?? '',
    said: incident.said ?? '',
    waited: incident.waited ?? 0,
  });
  // Only what the site configured: a banner placed by hand (or by the fallback page) keeps its own attributes otherwise.
  const configured = {
    statusPage: o.worker.statusPage,
    contact: o.contact,
    strings: o.strings,
    lang: o.lang == 'auto' ? null : o.lang,
    downCheckers: o.downCheckers ?? (s._inserted || null),
    archive: o.archive,
  };
  for (const [key, value] of Object.entries(configured)) if (value != null) (banner as unknown as Record<string, unknown>)[key] = value;
}
