// How the page client gets <bad-gateway-banner> once there is something to show. A dynamic
// import(), so an app's bundler puts the banner (Lit, strings, status feed, time words) in a
// chunk of its own that a healthy page view never fetches. The script-tag build replaces this
// module with load-banner-script.ts (see rollup.config.mjs): an IIFE cannot split.

/** Defines <bad-gateway-banner>; rejects when its code cannot be fetched (offline, never saved). */
export const loadBanner = (): Promise<unknown> => import('../components/bad-gateway-banner/bad-gateway-banner.js');
