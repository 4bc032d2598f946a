// components/ is the banner: a Lit element that shows what it is told and holds no policy
// (diagnosis and strings come from core/). It imports only components/ and core/ (npm run lint).
// Defines <bad-gateway-banner>. The only module with that side effect: import the
// .component.js file instead to register the class under another name.
import { BadGatewayBanner } from './bad-gateway-banner.component.js';

export { BadGatewayBanner };
export type { BannerKind, BannerPosition, BannerEventDetail } from './bad-gateway-banner.component.js';
export type { BannerStrings, Lang } from './strings/index.js';
export type { Clock } from './countdown-controller.js';
export type { StatusSummary } from './status-feed.js';

// A page may load both the npm build and the script-tag bundle; defining twice would throw.
if (!customElements.get('bad-gateway-banner')) customElements.define('bad-gateway-banner', BadGatewayBanner);
