// One summary per incident for the site owner's endpoint (options.beacon). Summaries wait
// in storage until the browser is online, and every incident id is sent at most once, even
// when several tabs recover from the same incident.
import { read, write, type IncidentRecord, type IncidentSummary } from './incident-store.js';
import type { IncidentState } from './incident-state.js';
import type { UseStore } from 'idb-keyval';

// Ids already sent, newest last; a few are enough to stop tabs that recover late from resending.
const SENT_KEPT = 20;

const KEY = 'beacons';

interface Queue { pending: IncidentSummary[]; sent: string[] }

/** Delivery: sendBeacon where present (it survives the page unloading), else a keepalive fetch. */
export function send(url: string, body: string): boolean {
  if (navigator.sendBeacon) return navigator.sendBeacon(url, body);
  fetch(url, { method: 'POST', body, keepalive: true, mode: 'no-cors' }).catch(() => undefined);
  return true;
}

/** The beacon's account of an incident that ended at `end`. */
export const summaryOf = ({ id, startedAt, incident: { kind, status, url } }: IncidentRecord, end: number, attempts: number): IncidentSummary =>
  ({ id, start: startedAt, end, attempts, kind, status: status ?? null, url });

/** Queues `summary` unless its incident was already queued or sent. */
export async function queueSummary(summary: IncidentSummary, store?: UseStore): Promise<void> {
  const queue = (await read<Queue>(KEY, store)) ?? { pending: [], sent: [] };
  if (!queue.sent.includes(summary.id) && !queue.pending.some((s) => s.id == summary.id)) {
    queue.pending.push(summary);
    await write(KEY, queue, store);
  }
}

/** True when summaries wait to be sent. */
export async function unsent(store?: UseStore): Promise<boolean> {
  return !!(await read<Queue>(KEY, store))?.pending.length;
}

/** Sends what is queued to `url` (one POST each, JSON text); keeps what could not be handed to the browser. */
export function flushSummaries(url: string, store?: UseStore, deliver = send): Promise<number> {
  const work = async () => {
    const queue = await read<Queue>(KEY, store);
    if (!queue?.pending.length) return 0;
    const kept: IncidentSummary[] = [];
    for (const summary of queue.pending) {
      if (deliver(url, JSON.stringify(summary))) queue.sent.push(summary.id);
      else kept.push(summary);
    }
    await write(KEY, { pending: kept, sent: queue.sent.slice(-SENT_KEPT) }, store);
    return queue.pending.length - kept.length;
  };
  // Two tabs flushing at once would both read the same queue and both send it.
  const locks = navigator.locks as LockManager | undefined;
  return locks ? locks.request('bad-gateway-beacon', work) : work();
}

/** Sends what is queued to the page's beacon (options.beacon; the test's delivery if any). */
export const flush = ({ settings, hooks }: IncidentState): Promise<number> => flushSummaries(settings.beacon!, hooks.store, hooks.deliver);
