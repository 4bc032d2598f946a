// dist/bad-gateway-edge.js: a ready module worker, configured from BAD_GATEWAY_* variables.
import { createEdgeHandler } from './handler.js';

export default createEdgeHandler();
