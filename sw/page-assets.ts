// Finds the same-origin assets a page needs to render: stylesheets, scripts, images, icons
// and preloaded fonts named in its HTML. A worker has no DOMParser, so this is a small tag
// scanner; it reads src/href attributes only (not srcset, CSS url() or <base>), which covers
// what a page needs to render readably from a saved copy.

const TAG = /<(link|script|img)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTR = /([^\s=/>]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
const LINK_RELS = /^(stylesheet|icon|shortcut|apple-touch-icon|modulepreload)$/;
const PRELOAD_AS = /^(style|script|font|image)$/;

function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of source.matchAll(ATTR)) {
    const name = m[1].toLowerCase();
    if (!found.has(name)) found.set(name, (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&').trim());
  }
  return found;
}

function assetRef(tag: string, attrs: Map<string, string>): string | undefined {
  if (tag === 'script' || tag === 'img') return attrs.get('src');
  const rels = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
  const wanted = rels.some((rel) => LINK_RELS.test(rel))
    || (rels.includes('preload') && PRELOAD_AS.test((attrs.get('as') ?? '').toLowerCase()));
  return wanted ? attrs.get('href') : undefined;
}

/** Absolute URLs (no fragment, no duplicates) of the same-origin assets `html`, located at `pageUrl`, uses. */
export function pageAssets(html: string, pageUrl: string): string[] {
  const page = new URL(pageUrl);
  const urls = new Set<string>();
  // Comments, and the text of scripts and styles, are not markup.
  const markup = html.replace(/<!--[\s\S]*?-->/g, '').replace(/(<(script|style)\b[^>]*>)[\s\S]*?<\/\2\s*>/gi, '$1');
  for (const [, tag, source] of markup.matchAll(TAG)) {
    const ref = assetRef(tag.toLowerCase(), attributes(source));
    if (!ref) continue;
    let url: URL;
    try { url = new URL(ref, page); } catch { continue; }
    url.hash = '';
    if (url.origin === page.origin && url.href !== page.href) urls.add(url.href);
  }
  return [...urls];
}
