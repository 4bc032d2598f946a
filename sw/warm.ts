// Keeps copies ahead of the reader's click: the pages a healthy page links to (warm: 'links'),
// and the first page itself, which loaded before the worker was there to keep it. Everything
// here is fetched by the worker on its own, so it is polite to the origin: marked as a
// prefetch, low priority, two at a time, a per-view limit and a daily byte budget, never
// during or just after an incident, never while the origin is slow, and it stops for as long
// as a 429 or 503 asks (core/warm-policy.ts has the numbers and the link rules).
import { StrategyHandler } from 'workbox-strategies';
import { CACHE_PREFIX, type CoverageReply } from '../core/protocol.js';
import { listedFiles, pauseFor, WARM, WARM_HEADER, warmOrder, type LinkFacts } from '../core/warm-policy.js';
import type { WorkerConfig } from '../core/worker-config.js';
import { prepareCopy, savedAt, servedCopy } from './copies.js';
import { Failure } from './failure.js';
import type { IncidentLog } from './incidents.js';
import { pageAssets } from './page-assets.js';
import { isRetired } from './retire.js';
import type { OutageAwareNetworkFirst } from './strategy.js';

declare const self: ServiceWorkerGlobalScope;

/** Cache keys must be http(s) URLs; this one names warming's record, never a request anyone makes. */
const RECORD = 'https://bad-gateway.invalid/warm';

/** What warming remembers across worker restarts: today's bytes, a pause a 429/503 asked for, when the file list was last read. */
interface Record { day: string; bytes: number; pausedUntil: number; listedAt?: number }
/** Header on a listed file's copy: the revision it was kept at. */
const REVISION = 'x-bad-gateway-revision';
/**
 * What every request of warming's says it is. Sec-Purpose is a forbidden header name for
 * fetch(): Purpose is the name browsers sent before it, and our own header says who asks.
 */
const MARKED = { Purpose: 'prefetch', [WARM_HEADER]: '1' };

const today = (now: number) => new Date(now).toISOString().slice(0, 10);

/** A copy of `url` in any of our caches (never other code's: only caches whose names are ours). */
async function ourCopy(url: string): Promise<Response | undefined> {
  for (const name of await caches.keys()) {
    if (!name.startsWith(CACHE_PREFIX)) continue;
    const found = await (await caches.open(name)).match(url, { ignoreVary: true });
    if (found) return found;
  }
  return undefined;
}

export class Warmer {
  private _record?: Promise<Record>;
  /** Warm fetches under way, across every page's request: at most WARM.parallel. */
  private _running = 0;
  private readonly _waiting: (() => void)[] = [];
  /** Bumped when every copy is deleted (clearCache): warming begun before asks for nothing more. */
  private _generation = 0;
  /** URLs in the file-list cache, once read: the fetch handler asks synchronously (listed()). */
  private _listed?: Set<string>;

  constructor(
    private readonly _config: WorkerConfig,
    private readonly _strategy: OutageAwareNetworkFirst,
    private readonly _log: IncidentLog,
    private readonly _cache: string,
    /** Where the files of the site's build-time list are kept, apart from the visits' copies and their limits. */
    private readonly _filesCache: string,
  ) {
    if (_config.precache) {
      void caches.open(_filesCache).then((cache) => cache.keys())
        .then((keys) => { this._listed = new Set(keys.map((k) => k.url)); }, () => { this._listed = new Set(); });
    }
  }

  /** Fetches of pages and files under way (_keep). */
  private readonly _inFlight = new Set<Promise<void>>();

  /**
   * Every copy is about to be deleted (a sign-out): what warming had begun stops asking, and
   * this resolves once the fetches already under way have ended, so none saves after the deletion.
   */
  stop(): Promise<unknown> {
    this._generation++;
    return Promise.allSettled([...this._inFlight]);
  }

  /** True when `url` is kept from the site's file list; undefined until that is known. */
  listed(url: string): boolean | undefined {
    return this._config.precache ? this._listed?.has(url) : false;
  }

  /**
   * Keeps the files of the site's build-time list (the `precache` option), read at most once a
   * day: a static site's pages and the modules its client router loads for them, which no
   * page's links name. Files whose revision (or, without one, whose day) has not changed are
   * not fetched again; files no longer listed go.
   */
  async keepListed(): Promise<void> {
    const list = this._config.precache;
    const now = Date.now();
    const record = await this._load(now);
    if (!list || !this._listed || now - (record.listedAt ?? 0) < WARM.listEvery || !(await this._allowed())) return;
    let files;
    try {
      const response = await fetch(list, { headers: MARKED, signal: AbortSignal.timeout(this._config.timeout) });
      // A list that did not come is asked for again later, not before warming's pause is over.
      if (!response.ok) return void await this._pause(pauseFor(response.status, response.headers.get('retry-after'), now) || WARM.pause);
      files = listedFiles(await response.json(), list, self.registration.scope);
    } catch {
      return void await this._pause(WARM.pause);
    }
    record.listedAt = now;
    await this._save(record);
    const cache = await caches.open(this._filesCache);
    const wanted = new Set(files.map((f) => f.url));
    for (const key of await cache.keys()) {
      if (!wanted.has(key.url)) { await cache.delete(key); this._listed.delete(key.url); }
    }
    const work = files.map(async ({ url, revision }) => {
      const kept = await cache.match(url);
      const at = kept && savedAt(kept);
      if (kept && (revision ? kept.headers.get(REVISION) === revision : !!at && now - at < WARM.listEvery)) return;
      if (!(await this._allowed())) return;
      await this._turn();
      try {
        const response = await fetch(new Request(url, { headers: MARKED, priority: 'low' }), { signal: AbortSignal.timeout(this._config.timeout * 2) });
        const pause = pauseFor(response.status, response.headers.get('retry-after'), Date.now());
        if (pause) return void await this._pause(pause);
        const copy = response.redirected ? undefined : await prepareCopy(response, this._config.maxEntryBytes, this._config.saveNoStore);
        if (!copy || isRetired()) return;
        if (revision) copy.headers.set(REVISION, revision);
        await this._spent(Number(copy.headers.get('content-length')) || 0);
        await cache.put(url, copy);
        this._listed?.add(url);
      } catch {
        await this._pause(WARM.pause);
      } finally {
        this._done();
      }
    });
    await Promise.all(work);
  }

  /**
   * A healthy page at `page` is idle: keep the page itself when it has no copy yet (`keep`:
   * it loaded before the worker controlled it), then, with warming on, the pages `links` lead to.
   */
  async warm(event: ExtendableEvent, page: string, links: LinkFacts[], keep: boolean): Promise<void> {
    const generation = this._generation;
    if (keep && !(await this._fresh(page))) await this._keep(event, page);
    if (!this._config.warm) return;
    let fetched = 0;
    const work: Promise<void>[] = [];
    for (const url of warmOrder(links, page, self.registration.scope, this._config.ignore)) {
      if (fetched >= this._config.warmLimit || generation !== this._generation || !(await this._allowed())) break;
      if (await this._fresh(url)) continue;
      fetched++;
      work.push(this._keep(event, url));
    }
    await Promise.all(work);
  }

  /** The links (absolute URLs) with a copy that would be served during an outage now. */
  async coverage(links: string[]): Promise<CoverageReply> {
    const readable: string[] = [];
    for (const url of links) {
      const copy = await ourCopy(url).catch(() => undefined);
      if (copy && servedCopy(copy, this._config.maxAge)) readable.push(url);
    }
    return { readable };
  }

  /** True when warming may fetch now. */
  private async _allowed(now = Date.now()): Promise<boolean> {
    const record = await this._load(now);
    return !isRetired() && !this._log.outage && now - this._log.endedAt >= WARM.quietAfter && !this._log.slow
      && now >= record.pausedUntil && record.bytes < WARM.dayBytes;
  }

  /** True when `url` has a copy younger than WARM.freshFor. */
  private async _fresh(url: string): Promise<boolean> {
    const copy = await ourCopy(url).catch(() => undefined);
    const at = copy && savedAt(copy);
    return !!at && Date.now() - at < WARM.freshFor;
  }

  /**
   * Fetches `url` through the route's strategy (the same checks and saving rules as a visit),
   * then, for a page, the stylesheets, scripts and images it names that have no copy yet.
   */
  private _keep(event: ExtendableEvent, url: string, page = true): Promise<void> {
    const work = this._keepNow(event, url, page);
    this._inFlight.add(work);
    return work.finally(() => this._inFlight.delete(work));
  }

  private async _keepNow(event: ExtendableEvent, url: string, page = true): Promise<void> {
    if (!(await this._allowed())) return;
    await this._turn();
    const request = new Request(url, { headers: MARKED, priority: 'low' });
    const handler = new StrategyHandler(this._strategy, { event, request });
    let html: string | undefined;
    try {
      const response = await this._strategy.fetchAndSave(request, handler);
      const body = await response.clone().blob();
      await this._spent(body.size);
      const pause = pauseFor(response.status, response.headers.get('retry-after'), Date.now());
      if (pause) await this._pause(pause);
      if (page && response.ok && /html/i.test(response.headers.get('content-type') ?? '')) html = await body.text();
    } catch (error) {
      // The site failed a request of ours: leave it alone for a while (a 503 says how long).
      const failure = error instanceof Failure ? error : undefined;
      await this._pause(pauseFor(failure?.status === 429 ? 429 : 503, failure?.retryAfter ?? null, Date.now()));
    } finally {
      await handler.doneWaiting().catch(() => undefined);
      handler.destroy();
      this._done();
    }
    if (!html) return;
    const missing: string[] = [];
    for (const asset of pageAssets(html, url)) if (!(await ourCopy(asset).catch(() => undefined))) missing.push(asset);
    await Promise.all(missing.map((asset) => this._keep(event, asset, false)));
  }

  /** Waits for one of WARM.parallel slots. */
  private _turn(): Promise<void> {
    if (this._running < WARM.parallel) {
      this._running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this._waiting.push(resolve));
  }

  private _done(): void {
    const next = this._waiting.shift();
    if (next) next();
    else this._running--;
  }

  private _load(now: number): Promise<Record> {
    this._record ??= caches.open(this._cache).then((cache) => cache.match(RECORD))
      .then(async (found) => (found ? (await found.json() as Record) : undefined))
      .catch(() => undefined)
      .then((found) => found ?? { day: today(now), bytes: 0, pausedUntil: 0 });
    return this._record.then((record) => {
      if (record.day !== today(now)) Object.assign(record, { day: today(now), bytes: 0 });
      return record;
    });
  }

  private async _spent(bytes: number): Promise<void> {
    const record = await this._load(Date.now());
    record.bytes += bytes;
    await this._save(record);
  }

  private async _pause(ms: number): Promise<void> {
    const record = await this._load(Date.now());
    record.pausedUntil = Math.max(record.pausedUntil, Date.now() + ms);
    await this._save(record);
  }

  /** Writes the record (a full disk or an uninstall loses it: warming then starts afresh). */
  private async _save(record: Record): Promise<void> {
    if (isRetired()) return;
    await caches.open(this._cache)
      .then((cache) => cache.put(RECORD, new Response(JSON.stringify(record), { headers: { 'content-type': 'application/json' } })))
      .catch(() => undefined);
  }
}
