import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { secondsUntil } from './time-words.js';

/** Time source and timer for the countdown; tests pass a fake one to drive it by hand. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Re-renders its host once per second while a countdown to `target` (epoch ms) is on
 * screen, and not at all otherwise: no target, time already up, or host disconnected.
 * It only displays time; when the time is up, deciding what happens is the page client's job.
 */
export class CountdownController implements ReactiveController {
  private timer: unknown = null;
  private target = 0;
  private connected = false;

  constructor(private readonly host: ReactiveControllerHost, public clock: Clock = systemClock) {
    host.addController(this);
  }

  /** Whole seconds left, 0 when there is no countdown or it has run out. */
  get seconds(): number {
    return this.target > 0 ? secondsUntil(this.target, this.clock.now()) : 0;
  }

  /** Count down to `at` (epoch ms; 0 stops). Call from the host's willUpdate. */
  set(at: number): void {
    if (at === this.target && (this.timer !== null || !this.connected)) return;
    this.target = at > 0 ? at : 0;
    this.schedule();
  }

  hostConnected(): void {
    this.connected = true;
    this.schedule();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  private stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.stop();
    if (!this.connected || this.target === 0) return;
    const left = this.target - this.clock.now();
    if (left <= 0) return;
    // Wake exactly when the displayed whole second changes, not on a drifting 1 s interval,
    // so "4 s" never shows for 1.9 s. Browsers clamp timers in background tabs; waking late
    // is harmless because the text is recomputed from the clock, not counted.
    const untilNextSecond = left % 1000 || 1000;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.host.requestUpdate();
      this.schedule();
    }, untilNextSecond);
  }
}
