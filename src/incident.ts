// The incident part: what only a page with something to handle runs — the incident
// controller (checks, schedule, recovery, beacon) and <bad-gateway-banner> (Lit, strings,
// status feed, time words, the path picture). incident-watch.ts loads it: for npm builds
// through import() (load-incident.ts), so an app's bundler splits it off; for the script tag
// as the file next to the script (load-incident-script.ts, built as dist/bad-gateway-banner.min.js).
// Static, unlike banner-seam.ts's import(): loadIncident() promises the element is defined when
// the part has loaded, and the banner file is an IIFE, which cannot wait for an import().
// Through banner-seam.ts it would define the element wherever the controller is imported.
import '../components/bad-gateway-banner/bad-gateway-banner.js';

export { IncidentController } from './incident-controller.js';
