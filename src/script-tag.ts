import * as api from './index.js';
(globalThis as unknown as { BadGateway: typeof api }).BadGateway = api;
