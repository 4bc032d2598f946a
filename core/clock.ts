// The time source and timers the page client and the banner's countdown run on. Its own
// module so the page client gets it without the banner (and Lit) that a healthy page never needs.

/** Time source and timer; tests pass a fake one to drive countdowns and schedules by hand. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: Date.now,
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  // The cast is for the DOM's clearTimeout(number); core/'s own check (platform.d.ts) takes any handle.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  clearTimeout: (handle) => clearTimeout(handle as number),
};
