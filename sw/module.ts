export { readWorkerConfig } from '../src/worker-config.js';
