// The built-in fallback page: what a visitor sees when the site fails and no saved copy of
// the page exists. It must work with no network at all, so everything is inline and the only
// external reference is the banner script — included only when it is saved on the device.
import type { FailureKind } from '../src/protocol.js';

export type FallbackLang = 'en' | 'zh-CN';

const STRINGS = {
  en: {
    title: 'This site can’t be reached right now',
    status: 'Its server answered with an error: the problem is on the site’s side, not your device, and is usually fixed soon.',
    network: 'The site didn’t answer. It may be down, or your connection to it may be interrupted.',
    noCopy: 'A saved copy of this page is not available.',
    retry: 'Try again',
    statusPage: 'Site status',
    code: 'Error',
  },
  'zh-CN': {
    title: '暂时无法访问此网站',
    status: '网站的服务器返回了错误：问题在网站一方，不在您的设备上，通常很快就会恢复。',
    network: '网站没有响应。它可能暂时无法使用，也可能是您与它的连接中断了。',
    noCopy: '没有这个页面的已保存副本。',
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
  kind: FailureKind;
  /** Status of the failed answer (kind 'status'). */
  status?: number;
  statusPage?: string | null;
  /** Set only when the banner script is saved on the device. */
  bannerScript?: string | null;
}

/** The HTML of the built-in fallback page. */
export function fallbackPage(o: FallbackPageOptions): string {
  const t = STRINGS[o.lang];
  const status = o.kind === 'status' && o.status ? `<p class="code">${t.code} ${o.status}</p>` : '';
  const statusLink = o.statusPage ? `<a href="${escapeHtml(o.statusPage)}">${t.statusPage}</a>` : '';
  const script = o.bannerScript ? `<script src="${escapeHtml(o.bannerScript)}" data-attach></script>` : '';
  return `<!doctype html><html lang="${o.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="bad-gateway" content="fallback"><meta name="robots" content="noindex">
<title>${t.title}</title>
<style>
:root{color-scheme:light dark;--a:#0969da}@media(prefers-color-scheme:dark){:root{--a:#58a6ff}}
body{margin:0;min-height:100vh;display:grid;place-items:center;font:17px/1.6 system-ui,sans-serif}
main{max-width:34rem;margin:1rem;padding:1.5rem}h1{font-size:1.5rem;line-height:1.3}.code{opacity:.7}
a{color:var(--a);margin-right:1.25rem}.retry{display:inline-block;background:var(--a);color:#fff;padding:.5rem 1.2rem;border-radius:8px;text-decoration:none}
</style></head><body>
<bad-gateway-banner></bad-gateway-banner>
<main><h1>${t.title}</h1>
<p>${o.kind === 'status' ? t.status : t.network}</p>
<p>${t.noCopy}</p>${status}
<p><a class="retry" href="${escapeHtml(o.url)}">${t.retry}</a>${statusLink}</p>
</main>${script}</body></html>`;
}
