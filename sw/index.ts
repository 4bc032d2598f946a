import { readWorkerConfig } from '../src/worker-config.js';
export {};
declare const self: ServiceWorkerGlobalScope;
const config = readWorkerConfig(self.location.href);
self.addEventListener('install', () => { void self.skipWaiting(); });
self.addEventListener('activate', (e) => { e.waitUntil(self.clients.claim()); });
void config;
