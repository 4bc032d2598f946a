// The <script> tag entry (dist/bad-gateway.min.js): defines the banner (through index.ts),
// exposes window.BadGateway, and installs from the tag's own data-* attributes, so a site
// using a CDN writes no JavaScript. Nothing here may throw on the visitor's page.
import * as api from './index.js';
import { useBannerScript } from './install.js';
import { attributeFor, optionsFromDataset } from './options.js';
import type { BadGatewayError } from './errors.js';

// Only valid while this script first runs (HTML "currentScript"), so read it now.
const tag = document.currentScript as HTMLScriptElement | null;
const global = window as unknown as { BadGateway?: typeof api };

// Included twice (a template and a plugin both add it): the first copy does the work.
if (!global.BadGateway) {
  global.BadGateway = api;
  if (tag?.src) useBannerScript(tag.src);
  const data = { ...tag?.dataset };
  // A tag with no data-* attributes leaves installing to the site's own BadGateway.install(...).
  if (Object.keys(data).length) {
    const options = optionsFromDataset(data);
    ('attach' in data ? api.attach(options) : api.install(options)).catch((error: BadGatewayError) => {
      if (error?.code == 'unsupported') console.warn(error.message);
      // A bad option is named by the attribute the site wrote rather than the option it stands for.
      else console.error(error?.code == 'bad-option' ? `bad-gateway: attribute ${attributeFor(error.option!)} of <script src="${tag!.src}">: ${error.message.slice(13)}` : error);
    });
  }
}
