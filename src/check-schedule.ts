// When to check the site again, and how one check serves every tab: the tabs of a scope keep
// one schedule (the record in storage), one check runs at a time for all of them (a Web Lock),
// and its outcome reaches the others by storage and a broadcast. The delays themselves are
// pure (retry-schedule.ts); this is where they meet the clock.
import { emit } from './events.js';
import { oneAtATime, probe, type Probe } from './health-check.js';
import { read, write, type CheckRecord, type IncidentRecord } from './incident-store.js';
import { pageUrl, randomId, type IncidentState } from './incident-state.js';
import type { Incident } from '../core/protocol.js';
import { nextDelay, parseRetryAfter } from './retry-schedule.js';
import { recover } from './recovery.js';
import { render } from './banner-view.js';

/** Milliseconds until the check after `attempt` failed ones, honouring the site's Retry-After. */
const delay = (s: IncidentState, attempt: number, retryAfter: string | undefined, now: number): number =>
  nextDelay(attempt, s.settings.retry, s.hooks.random ?? Math.random, parseRetryAfter(retryAfter, now));

/** Plans the record's next check after the failure `incident`, unless one is planned. */
export function plan(s: IncidentState, record: IncidentRecord, incident: Incident, now: number): void {
  record.nextRetryAt ||= now + delay(s, record.attempt, incident.retryAfter, now);
  // A Retry-After that arrives while the incident is under way (the origin came back
  // answering 503 for maintenance, say) moves the next check out to it: the site asked not
  // to be asked before then, whatever the backoff had planned.
  const asked = parseRetryAfter(incident.retryAfter, now);
  if (asked !== null) record.nextRetryAt = Math.max(record.nextRetryAt, now + Math.min(asked, s.settings.retry.maxRetryAfter));
}

/** Sets the timer for the next check; none while the tab is hidden (it checks when shown, if due). */
export function schedule(s: IncidentState): void {
  s._clock.clearTimeout(s._timer);
  const record = s._record;
  if (!record || s._recovered || s._stopped || document.visibilityState == 'hidden') return;
  const wait = record.nextRetryAt - s._clock.now();
  if (wait > 0) s._timer = s._clock.setTimeout(() => void s.checkNow(), wait);
  else void s.checkNow();
}

export async function check(s: IncidentState): Promise<void> {
  if (!s._record || s._recovered) return;
  const started = s._clock.now();
  const since = s._since;
  s._checking = true;
  render(s);
  try {
    const last = () => read<CheckRecord>('check:' + s.settings.scope, s.hooks.store);
    await applyOutcome(s, await oneAtATime('bad-gateway-check:' + s.settings.scope, async () => {
      // Tabs that met the outage at the same moment each planned a first check before they
      // shared a schedule: one that another tab made moments ago answers for this one too.
      // Only outcomes from while this page was open: one from before a reload is stale.
      const recent = await last();
      return recent && recent.id != s._last.id && recent.at > since && started - recent.at < s.settings.retry.minDelay ? recent : checkForAll(s);
    }, async () => {
      const heard = await last();
      return heard && heard.at >= started ? heard : undefined;
    }));
  } finally {
    s._checking = false;
    render(s);
  }
}

/** One health check, as configured (or the test's). */
export function checkOnce({ settings, hooks }: IncidentState, method: 'HEAD' | 'GET'): Promise<Probe> {
  return (hooks.check ?? ((m) => probe(settings.healthCheck ?? pageUrl(), settings.worker.fallbackStatuses, settings.worker.timeout, m)))(method);
}

/** Runs one health check and leaves its outcome for the other tabs (storage for those waiting on the lock, a broadcast for the rest). */
async function checkForAll(s: IncidentState): Promise<CheckRecord> {
  const { settings, hooks, _record: record } = s;
  const method = record!.relapses || record!.bodies ? 'GET' : 'HEAD';
  const result = await checkOnce(s, method);
  const now = s._clock.now();
  const outcome: CheckRecord = { id: randomId(), at: now, ok: result.ok, attempt: record!.attempt, nextRetryAt: 0 };
  if (!result.ok) {
    outcome.attempt++;
    outcome.nextRetryAt = now + delay(s, outcome.attempt, result.retryAfter, now);
    // What the check met is the freshest account of the failure.
    const { status, retryAfter, server } = result;
    record!.incident = { ...record!.incident, kind: status ? 'status' : result.timedOut ? 'timeout' : 'network', status, retryAfter, server, online: navigator.onLine, at: now };
    await write(s._key, { ...record, attempt: outcome.attempt, nextRetryAt: outcome.nextRetryAt }, hooks.store);
  }
  await write('check:' + settings.scope, outcome, hooks.store);
  s._channel?.postMessage(outcome);
  return outcome;
}

/** Takes in a check's outcome, this tab's or another's. */
export async function applyOutcome(s: IncidentState, outcome: CheckRecord): Promise<void> {
  const record = s._record;
  // The same outcome can come twice (storage and broadcast); an old one can come late.
  if (!record || outcome.id == s._last.id || outcome.at < s._last.at) return;
  s._last = outcome;
  // The successful check counts as an attempt too.
  if (outcome.ok) return recover(s, outcome.attempt + 1);
  record.attempt = outcome.attempt;
  record.nextRetryAt = outcome.nextRetryAt;
  emit(window, 'bad-gateway:retry', { attempt: outcome.attempt, nextRetryAt: outcome.nextRetryAt });
  render(s);
  schedule(s);
}
