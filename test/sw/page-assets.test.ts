// Install-time copies need the assets a critical page names; the worker has no DOMParser.
import { expect } from '@open-wc/testing';
import { pageAssets } from '../../sw/page-assets.js';

const page = 'https://shop.example/docs/guide.html';

describe('pageAssets', () => {
  it('finds stylesheets, scripts, images, icons and preloaded fonts, resolved against the page', () => {
    const html = `<!doctype html><head>
      <link rel="stylesheet" href="../css/site.css"><link rel=icon href=/favicon.ico>
      <link rel="apple-touch-icon" href='/touch.png'><link rel="preload" as="font" href="/fonts/a.woff2" crossorigin>
      <link rel="modulepreload" href="/m.js"><script type="module" src="app.js"></script>
      </head><body><img alt="x > y" src="img/logo.svg#top"><img src="img/logo.svg"></body>`;
    expect(pageAssets(html, page)).to.deep.equal([
      'https://shop.example/css/site.css', 'https://shop.example/favicon.ico', 'https://shop.example/touch.png',
      'https://shop.example/fonts/a.woff2', 'https://shop.example/m.js', 'https://shop.example/docs/app.js',
      'https://shop.example/docs/img/logo.svg',
    ]);
  });

  it('ignores other origins, data URLs, links that are not assets, inline scripts and comments', () => {
    const html = `<link rel="stylesheet" href="https://cdn.example/x.css"><link rel="canonical" href="/x">
      <link rel="preload" as="fetch" href="/api"><link rel="alternate" href="/feed.xml"><script>var a = "<img src=/no.png>"</script>
      <img src="data:image/png;base64,AAAA"><!-- <img src="/commented.png"> --><a href="/next">next</a>`;
    expect(pageAssets(html, page)).to.deep.equal([]);
  });

  it('decodes &amp; in attribute values', () => {
    expect(pageAssets('<img src="/i?a=1&amp;b=2">', page)).to.deep.equal(['https://shop.example/i?a=1&b=2']);
  });
});
