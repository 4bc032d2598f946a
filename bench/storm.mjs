// Retry storm: 10,000 visitors lose the site at the same moment. How many checks per second
// reach the origin during the outage and at recovery, for our real retry schedule (compiled
// from src/retry-schedule.ts) against a fixed 5 s reload and backoff without jitter?
import { build } from 'esbuild';

async function loadSchedule() {
  const out = await build({ entryPoints: ['src/retry-schedule.ts'], bundle: true, format: 'esm', write: false, platform: 'neutral' });
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}

/** A seeded PRNG, so every run of the benchmark simulates the same visitors. */
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Simulates `clients` visitors who all fail at t=0; the origin is down until `outageMs`.
 * `delay(attempt, random)` is the strategy. Each check before recovery fails; the first
 * check after recovery succeeds and is followed by one page load. Returns per-second counts.
 */
function simulate({ clients, outageMs, horizonMs, delay, seed = 1 }) {
  const random = mulberry32(seed);
  const perSecond = new Array(Math.ceil(horizonMs / 1000)).fill(0);
  for (let c = 0; c < clients; c++) {
    let t = 0;
    for (let attempt = 0; ; attempt++) {
      t += delay(attempt, random);
      if (t >= horizonMs) break;
      perSecond[Math.floor(t / 1000)] += 1; // the check
      if (t >= outageMs) {
        const reload = Math.floor(t / 1000);
        if (reload < perSecond.length) perSecond[reload] += 1; // the fresh page it loads
        break;
      }
    }
  }
  return perSecond;
}

function summarise(perSecond, outageMs) {
  const cut = Math.ceil(outageMs / 1000);
  const during = perSecond.slice(0, cut);
  const after = perSecond.slice(cut);
  const total = perSecond.reduce((a, b) => a + b, 0);
  return {
    peakDuring: Math.max(...during),
    peakAfter: Math.max(0, ...after),
    total,
  };
}

export async function retryStorm({ clients = 10000, outageMs = 120000, horizonMs = 900000 } = {}) {
  const { nextDelay, DEFAULT_RETRY } = await loadSchedule();
  const strategies = {
    'bad-gateway (backoff, full jitter)': (attempt, random) => nextDelay(attempt, DEFAULT_RETRY, random),
    'backoff without jitter': (attempt, random) => nextDelay(attempt, { ...DEFAULT_RETRY, jitter: 'none' }, random),
    'fixed reload every 5 s': () => 5000,
  };
  const rows = [];
  for (const [name, delay] of Object.entries(strategies)) {
    rows.push({ name, ...summarise(simulate({ clients, outageMs, horizonMs, delay }), outageMs) });
  }
  return { clients, outageMs, policy: DEFAULT_RETRY, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await retryStorm());
}
