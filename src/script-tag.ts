// The <script> tag entry (dist/bad-gateway.min.js): exposes window.BadGateway and installs
// from the tag's own data-* attributes, so a site using a CDN writes no JavaScript. The banner
// is a file of its own next to this one (dist/bad-gateway-banner.min.js), fetched only when
// there is something to show (load-incident-script.ts). Nothing here may throw on the visitor's page.
import * as api from './index.js';
import { useBannerScript } from './install.js';
import { loadIncident } from './load-incident.js';
import { attributeFor, optionsFromDataset } from './options.js';
import type { BadGatewayError } from '../core/errors.js';

// Only valid while this script first runs (HTML "currentScript"), so read it now.
const tag = document.currentScript as HTMLScriptElement | null;
const global = window as unknown as { BadGateway?: typeof api };

// Included twice (a template and a plugin both add it): the first copy does the work.
if (!global.BadGateway) {
  global.BadGateway = api;
  if (tag?.src) useBannerScript(tag.src);
  // A banner the page placed itself (the fallback page's, one in the site's own markup) is
  // defined at once, as when the banner was in this file.
  const placed = () => void (document.querySelector('bad-gateway-banner') && !customElements.get('bad-gateway-banner') && loadIncident().catch((error) => console.warn(error)));
  if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', placed, { once: true });
  else placed();
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
