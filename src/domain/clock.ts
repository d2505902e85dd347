/** Milliseconds since the epoch. Injected so tests can move time without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The emulator's clock (/emsec/clock): another clock moved forward by an offset, so idle
 * expiry, throttling windows, audit and task times move without waiting. It only goes forward:
 * times already recorded never end up in the future.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock = systemClock) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  /** How far ahead of the base clock it runs. */
  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward.');
    this.offsetMs += ms;
  }
}
