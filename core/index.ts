// core/ is what every runtime shares and none owns: the page client (src/), the worker (sw/),
// the edge (edge/) and the banner (components/) all import from here, and core/ imports
// nothing from them, nor any DOM or worker global (core/tsconfig.json type-checks it with
// none; what it needs of every runtime is declared in platform.d.ts), so it runs in plain
// Node tests too. Each runtime imports the module it needs directly; this index is the map.
export * from './protocol.js'; // page <-> worker messages, header names, the failure record
export * from './worker-config.js'; // the worker's configuration: its fields, defaults, and how it travels in the script URL
export * from './errors.js'; // BadGatewayError and its stable codes
export * from './policy.js'; // what is handled, saved and served (worker and edge)
export * from './warm-policy.js'; // which links may be warmed, and when not
export * from './gateways.js'; // what known gateways and CDNs say in their error answers
export * from './diagnosis.js'; // a failure in plain words: cause, where it broke, tips
export * from './clock.js'; // the time source the page client and the banner run on
export * from './incident-meta.js'; // the incident a page the edge served carries in a meta tag
export * from './fallback-page.js'; // the built-in fallback page's HTML
