// Not shipped: what the script tag would weigh as one file with the incident part inside, as
// it was before the split of issue 16. bench/sizes.mjs builds it (rollup.config.mjs
// singleFile) so the cost of the split is measured, not guessed: two files compress apart
// and share a few small modules.
import * as part from '../src/incident.js';
import { INCIDENT_GLOBAL } from '../core/worker-config.js';
import '../src/script-tag.js';

(window as unknown as Record<string, unknown>)[INCIDENT_GLOBAL] = part;
