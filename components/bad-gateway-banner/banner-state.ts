// What the banner says and which of its parts show, as small pure functions of plain values
// (a diagnosis, strings, properties, the clock's time): the view calls them with what it
// reads from the element, so each rule can be tested without rendering anything.
import { tipsFor, type Diagnosis, type Tip } from '../../core/diagnosis.js';
import type { Shown } from '../../core/protocol.js';
import { httpUrl } from './status-feed.js';
import { format, type BannerStrings, type Lang } from './strings/index.js';
import { ageInWords, countdownText } from './time-words.js';

/** 'downCheck' → 'DownCheck': the part of a string's name after 'title', 'detail', 'hop' or 'tip'. */
export const cap = (word: string): string => word[0].toUpperCase() + word.slice(1);

/** Joins two sentences: with a space, except after full-width (CJK) text, which needs none. */
export const sentences = (a: string, b: string): string => a + (/[\u3000-\uffef]$/.test(a) ? '' : ' ') + b;

/**
 * The headline and the explanation, the part worth announcing: the site is back (on a page
 * that brings itself up to date, or on one that needs a reload), a reason on the server's
 * side (naming the gateway when known), or the diagnosis's cause.
 */
export const headline = (d: Diagnosis, s: BannerStrings, back: boolean, updating: boolean): [title: string, detail: string] => back
  ? [s.titleRecovered, updating ? s.detailUpdated : s.detailRecovered]
  : d.reason
    ? [
      d.reason == 'maintenance' ? s.titleMaintenance : s.titleServer,
      sentences(format(s[`detail${cap(d.reason) as 'Error'}`], {
        gateway: d.gatewayName ? format(d.gateway == 'cdn' ? s.gatewayCdn : s.gatewayProxy, { name: d.gatewayName }) : s.gatewayUnnamed,
      }), s.notYourSide),
    ]
    : [s[`title${cap(d.cause) as 'Offline'}`], s[`detail${cap(d.cause) as 'Offline'}`]];

/** `template` ("saved {age}") with how long ago `savedAt` was, in `lang`. */
export const savedAgo = (template: string, savedAt: number, now: number, lang: Lang): string => format(template, { age: ageInWords(savedAt, now, lang) });

/** What the page shows: "You're reading a copy saved …", part of the page, the live page with saved data, or a fallback page. */
export const savedText = (served: Shown, savedAt: number, now: number, lang: Lang, s: BannerStrings): string => served == 'copy'
  ? savedAgo(s.servedCopy, savedAt, now, lang)
  : served == 'partial' ? s.servedPartial : served == 'data' ? s.servedData : s.servedFallback;

/** The ticking "Retry in 12 s". */
export const retryIn = (seconds: number, s: BannerStrings): string => format(s.retryIn, { time: countdownText(seconds, s.seconds) });

/** The site's contact as a link: mailto: as given, a bare e-mail address as mailto:, anything else as an http(s) URL, else null. */
export const contactUrl = (contact: string, base: string): string | null => {
  const mail = (contact ?? '').trim().replace(/^(?=[^\s@:/]+@[^\s@/]+$)/, 'mailto:');
  return /^mailto:\S+$/i.test(mail) ? mail : httpUrl(mail, base);
};

/** The links under the banner, [href, text]: the status page, the page on the Internet Archive, the site's contact. */
export const links = (s: BannerStrings, page: string | null, target: string | null, archive: boolean, contact: string | null): [href: string, text: string][] =>
  [
    page && [page, s.statusPage],
    archive && target && ['https://web.archive.org/web/*/' + target, s.archive],
    contact && [contact, s.contact],
  ].filter(Boolean) as [string, string][];

/** The tips for a diagnosis; the one about the status page only when there is one. */
export const tips = (d: Diagnosis, page: string | null): Tip[] => tipsFor(d).filter((tip) => tip != 'statusPage' || page);
