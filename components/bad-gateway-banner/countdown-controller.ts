import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { systemClock, type Clock } from '../../core/clock.js';
import { secondsUntil } from './time-words.js';

export type { Clock };

/**
 * Re-renders its host once per second while a countdown to `target` (epoch ms) is on
 * screen, and not at all otherwise: no target, time already up, or host disconnected.
 * It only displays time; when the time is up, deciding what happens is the page client's job.
 */
export class CountdownController implements ReactiveController {
  private _timer: unknown;
  private _target = 0;
  private _connected = false;

  constructor(private readonly _host: ReactiveControllerHost, public clock: Clock = systemClock) {
    _host.addController(this);
  }

  /** Whole seconds left, 0 when there is no countdown or it has run out. */
  get seconds(): number {
    return this._target && secondsUntil(this._target, this.clock.now());
  }

  /** Count down to `at` (epoch ms; 0 stops). Call from the host's willUpdate. */
  set(at: number): void {
    this._target = at > 0 ? at : 0;
    this._schedule();
  }

  hostConnected(): void {
    this._connected = true;
    this._schedule();
  }

  hostDisconnected(): void {
    this._connected = false;
    this._schedule();
  }

  private _schedule(): void {
    this.clock.clearTimeout(this._timer);
    const left = this._target - this.clock.now();
    // Wake exactly when the displayed whole second changes, not on a drifting 1 s interval,
    // so "4 s" never shows for 1.9 s. Browsers clamp timers in background tabs; waking late
    // is harmless because the text is recomputed from the clock, not counted.
    this._timer = this._connected && this._target && left > 0
      ? this.clock.setTimeout(() => {
        this._host.requestUpdate();
        this._schedule();
      }, left % 1000 || 1000)
      : undefined;
  }
}
