// The built-in fallback page: what a visitor sees when the site fails and no saved copy of
// the page exists. One page, not a page plus a banner: it is the banner, inline, given the
// failure's facts as attributes so it tells the right diagnosis from its first paint, with
// the pages the visitor can still read in its slot. It must work with no network at all, so
// everything is inline and the only external reference is the banner script — included only
// when it is saved on the device. Without it (or until it runs) the page's own short text
// stands in, in a slot the banner does not have ('no-script'), so the banner leaves it out.
// While the script is on its way (it is saved, so half a second at most) nothing shows, rather
// than a different text for a moment.
import type { FailureFacts } from './protocol.js';

export type FallbackLang = 'en' | 'zh-CN';

const STRINGS = {
  en: {
    title: 'This site can’t be reached right now',
    status: 'Its server answered with an error: the problem is on the site’s side, not your device, and is usually fixed soon.',
    network: 'The site didn’t answer. It may be down, or your connection to it may be interrupted.',
    retry: 'Try again',
    statusPage: 'Site status',
    code: 'Error',
  },
  'zh-CN': {
    title: '暂时无法访问此网站',
    status: '网站的服务器返回了错误：问题在网站一方，不在您的设备上，通常很快就会恢复。',
    network: '网站没有响应。它可能暂时无法使用，也可能是您与它的连接中断了。',
    retry: '重试',
    statusPage: '网站状态',
    code: '错误代码',
  },
} satisfies Record<FallbackLang, Record<string, string>>;

/** 'zh-CN' when the first language that names one of ours is Chinese, otherwise 'en'. */
export function pickLang(...preferences: (string | null | undefined)[]): FallbackLang {
  for (const list of preferences) {
    for (const tag of (list ?? '').split(',')) {
      const lang = tag.trim().toLowerCase();
      if (lang.startsWith('zh')) return 'zh-CN';
      if (lang.startsWith('en')) return 'en';
    }
  }
  return 'en';
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text safe inside HTML text and quoted attributes. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

export interface FallbackPageOptions {
  /** The page that failed; "Try again" loads it again. */
  url: string;
  lang: FallbackLang;
  kind: FailureFacts['kind'];
  /** Status of the failed answer (kind 'status'). */
  status?: number;
  /** The rest of what is known about the failure: the banner's diagnosis needs it from the start. */
  failure?: Omit<FailureFacts, 'kind' | 'status'>;
  statusPage?: string | null;
  /** Set only when the banner script is saved on the device. */
  bannerScript?: string | null;
  /** Listed first among the pages the visitor can read now (the banner lists them). */
  criticalPages?: readonly string[];
}

/** The HTML of the built-in fallback page. */
export function fallbackPage(o: FallbackPageOptions): string {
  const t = STRINGS[o.lang];
  const f = o.failure ?? {};
  const status = o.kind === 'status' && o.status ? `<p class="code">${t.code} ${o.status}</p>` : '';
  const statusLink = o.statusPage ? `<a href="${escapeHtml(o.statusPage)}">${t.statusPage}</a>` : '';
  const script = o.bannerScript ? `<script src="${escapeHtml(o.bannerScript)}" data-attach></script>` : '';
  const facts = { kind: o.kind, status: o.kind === 'status' && o.status, server: f.server, gateway: f.gateway,
    said: f.said, waited: f.waited, 'retry-after': f.retryAfter, url: o.url, 'status-page': o.statusPage, 'critical-pages': o.criticalPages?.join(' ') };
  let banner = '<bad-gateway-banner position="inline" served="fallback"';
  for (const [name, value] of Object.entries(facts)) if (value || value === 0) banner += ` ${name}="${escapeHtml(String(value))}"`;
  return `<!doctype html><html lang="${o.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="bad-gateway" content="fallback"><meta name="robots" content="noindex">
<title>${t.title}</title>
<style>
:root{color-scheme:light dark;--a:#0969da}@media(prefers-color-scheme:dark){:root{--a:#58a6ff;background:#16171a}}
body{margin:0;min-height:100vh;display:grid;place-items:center;font:17px/1.6 system-ui,sans-serif}
main{box-sizing:border-box;width:100%;max-width:40rem;padding:1rem}a{color:var(--a);margin-right:1.25rem}
bad-gateway-banner:not(:defined){display:block;padding:1rem}
${script ? 'bad-gateway-banner:not(:defined){opacity:0;animation:s 0s .5s forwards}@keyframes s{to{opacity:1}}' : ''}
</style></head><body>
<main>${banner}>
<div slot="no-script"><h1>${t.title}</h1>
<p>${o.kind === 'status' ? t.status : t.network}</p>
${status}
<p><a class="retry" href="${escapeHtml(o.url)}">${t.retry}</a>${statusLink}</p></div>
</bad-gateway-banner></main>${script}</body></html>`;
}
