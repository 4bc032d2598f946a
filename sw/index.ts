// sw/ is the service worker: Workbox's strategy and small plugins around core/'s rules, the
// Cache API and the worker's lifecycle. It imports only sw/ and core/ (npm run lint).
// dist/bad-gateway-sw.js: the worker a site copies to its origin. Its configuration is in its
// own URL (?config=..., written by the page client), so it is known before any event.
import { readWorkerConfig } from '../core/worker-config.js';
import { IncidentLog } from './incidents.js';
import { start } from './worker.js';

declare const self: ServiceWorkerGlobalScope;

start(readWorkerConfig(self.location.href), new IncidentLog());
