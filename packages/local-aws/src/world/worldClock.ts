interface Waiter {
  at: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The demo world's clock. In `manual` mode time stands still until `advance` moves it (tests); otherwise it
 * follows the wall clock, shifted by `advance`. Simulated work waits on this clock, not on timers of its own,
 * so advancing the clock finishes every task whose simulated end time has passed.
 */
export class WorldClock {
  private offsetMs = 0;
  private manualNow?: number;
  private waiters: Waiter[] = [];
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(options: { now?: number } = {}) {
    this.manualNow = options.now;
  }

  get manual(): boolean {
    return this.manualNow !== undefined;
  }

  now(): number {
    return this.manualNow ?? Date.now() + this.offsetMs;
  }

  /** Moves the clock forward and releases every wait that has come due. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('The clock only moves forward');
    if (this.manualNow !== undefined) this.manualNow += ms;
    else this.offsetMs += ms;
    this.release();
  }

  /** Resolves when the clock reaches `at` (at once if it already has). */
  waitUntil(at: number): Promise<void> {
    if (this.closed)
      return Promise.reject(new Error('The world clock is closed'));
    if (at <= this.now()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = { at, resolve, reject };
      const index = this.waiters.findIndex(w => w.at > at);
      if (index < 0) this.waiters.push(waiter);
      else this.waiters.splice(index, 0, waiter);
      this.schedule();
    });
  }

  /** Number of waits not yet due. */
  get pending(): number {
    return this.waiters.length;
  }

  /** Rejects every pending wait and stops the timer. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(new Error('The world clock is closed'));
  }

  private release(): void {
    const now = this.now();
    while (this.waiters.length > 0 && this.waiters[0].at <= now) {
      this.waiters.shift()!.resolve();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.manual || this.closed || this.waiters.length === 0) return;
    const delay = Math.max(
      0,
      Math.min(this.waiters[0].at - this.now(), 2 ** 31 - 1),
    );
    this.timer = setTimeout(() => this.release(), delay);
  }
}
