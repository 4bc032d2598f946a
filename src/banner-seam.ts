// Where the page client reaches into components/, the one crossing the layout allows: it
// loads the banner through its public entry, with import(), once it has something to show.
// Through import() because the controller works without the element (offline with no saved
// copy of its file, a test on its own), and through the entry because that is the module
// that defines it. All else src/ needs of the banner is the structural type below, so the
// page client compiles without the component and the two can change apart. (incident.ts,
// the entry of the incident part, also bundles the element statically: see there.)
import type { Said } from '../core/gateways.js';
import type { FailureKind, Shown } from '../core/protocol.js';

/** Tag name of the banner element. */
export const BANNER = 'bad-gateway-banner';

/** What the controller sets on a <bad-gateway-banner> (test/src/banner-loading.test.ts holds the element to it). */
export interface BannerElement extends HTMLElement {
  position: 'top' | 'bottom' | 'inline';
  checking: boolean;
  recovered: boolean;
  updating: boolean;
  nextRetryAt: number;
  served: Shown;
  savedAt: number;
  url: string;
  kind: FailureKind | 'offline' | '';
  status: number;
  server: string;
  retryAfter: string;
  gateway: string;
  said: Said | '';
  waited: number;
  statusPage: string;
  contact: string;
  lang: string;
  downCheckers: boolean;
  archive: boolean;
}

/** Defines <bad-gateway-banner>; rejects when its code cannot be fetched. */
export const defineBanner = (): Promise<unknown> => import('../components/bad-gateway-banner/bad-gateway-banner.js');
