// Times in words: how old a saved copy is, and how long until the next check. Pure.

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400],
  ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1],
];

/** "3 hours ago" / "3小时前": the age of something saved at `then`, in the largest whole unit. */
export function ageInWords(then: number, now: number, lang: string): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  const [unit, size] = UNITS.find(([, size]) => seconds >= size) ?? UNITS[6];
  // numeric 'auto' turns -1 day into "yesterday" and 0 seconds into "now", which read better.
  return new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(-Math.floor(seconds / size), unit);
}

/** Seconds left until `at`, rounded up so the display reaches 0 exactly when the time is up. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

const two = (n: number) => String(n).padStart(2, '0');

/** "12 s" (via the `seconds` template) under a minute, then "4:05", then "1:04:05". */
export function countdownText(seconds: number, secondsTemplate: string): string {
  if (seconds < 60) return secondsTemplate.replace('{n}', String(seconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  return (h ? h + ':' + two(m) : m) + ':' + two(seconds % 60);
}
