// Languages of the banner: one typed table per language, and the choice between them.
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

/**
 * Every piece of text the banner shows. `{name}` placeholders are filled in as plain text
 * (never as HTML). Override any of them with the element's `strings` property.
 */
export interface BannerStrings {
  /** Headlines, one per diagnosis. */
  titleOffline: string;
  titleServer: string;
  titleMaintenance: string;
  titleTimeout: string;
  titleConnection: string;
  titleUnknown: string;
  titleRecovered: string;

  /** Who answered for the site; `{name}` is a known CDN or proxy. Starts a sentence. */
  gatewayCdn: string;
  gatewayProxy: string;
  gatewayUnnamed: string;
  /** `{gateway}` is one of the three above. */
  detailUnreachable: string;
  detailSlow: string;
  detailMaintenance: string;
  detailUnavailable: string;
  detailError: string;
  /** Says whose side the problem is on, after any server-side detail. */
  notYourSide: string;
  /** `{status}` is the HTTP status code. */
  statusCode: string;
  detailOffline: string;
  detailTimeout: string;
  detailConnection: string;
  detailUnknown: string;
  detailRecovered: string;
  /** The site is back and the page brings itself up to date without a reload (recovery 'event'). */
  detailUpdated: string;

  /** `{age}` is a relative time from Intl.RelativeTimeFormat ("3 hours ago"). */
  servedCopy: string;
  servedFallback: string;
  /** The page broke off while loading and no saved copy exists: the visitor has what arrived. */
  servedPartial: string;
  /** The page is live, but some of its data came from saved copies. */
  servedData: string;

  /** `{time}` is "12 s" or "4:05". */
  retryIn: string;
  /** `{n}` whole seconds. */
  seconds: string;
  checking: string;
  /** Read by screen readers instead of the ticking countdown. */
  retryAuto: string;

  retry: string;
  reload: string;
  dismiss: string;
  /** The disclosure button of a floating banner's whole explanation (its state is shown by an arrow and aria-expanded). */
  details: string;

  statusPage: string;
  /** `{description}` comes from the status page's own JSON. */
  statusLive: string;
  /** `{name}` is the title of the current incident on the status page. */
  statusIncident: string;
  archive: string;
  contact: string;
  links: string;

  /** On a fallback page, above the list of saved pages; `{age}` as in servedCopy. */
  pagesTitle: string;
  pageSaved: string;

  /** The picture of the request's path: its name, each hop, and each hop's state. */
  pathTitle: string;
  hopDevice: string;
  hopConnection: string;
  hopGateway: string;
  hopCdn: string;
  hopServer: string;
  hopOk: string;
  hopFail: string;
  hopSlow: string;
  hopUnknown: string;

  tipsTitle: string;
  tipWait: string;
  tipLater: string;
  tipStatusPage: string;
  tipDownCheck: string;
  tipContact: string;
  tipWifi: string;
  tipAirplane: string;
  tipRouter: string;
  tipOtherConnection: string;
  tipProxy: string;
  tipVpn: string;
  tipDns: string;
  tipExtensions: string;
  tipOtherBrowser: string;
}

export type Lang = 'en' | 'zh-CN';

export const LANGUAGES: Readonly<Record<Lang, BannerStrings>> = { en, 'zh-CN': zhCN };

/** The built-in language for one BCP 47 tag, or null when we have none for it. */
export function supportedLang(tag: string | null | undefined): Lang | null {
  const t = (tag ?? '').trim().toLowerCase();
  // zh, zh-CN, zh-Hans, zh-SG, zh-Hans-CN read Simplified; zh-TW, zh-HK, zh-Hant do not.
  return /^zh(-hans)?(-(cn|sg|my))?$|^zh-hans-/.test(t) ? 'zh-CN' : /^en\b/.test(t) ? 'en' : null;
}

/**
 * The banner's language: the first tag the page states (the element's own `lang`, then the
 * closest `[lang]`, then `<html lang>`) decides, since the banner should match the page;
 * with none, the visitor's first supported browser language; English otherwise.
 */
export function pickLanguage(pageTags: readonly (string | null | undefined)[], browserTags: readonly string[]): Lang {
  const stated = pageTags.find((t) => t?.trim());
  return (stated ? supportedLang(stated) : browserTags.map(supportedLang).find(Boolean)) ?? 'en';
}

/** Fills `{name}` placeholders; unknown names stay as they are, so a typo is visible. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? values[name] : all) as string);
}

export { en, zhCN };
