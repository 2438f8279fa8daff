/**
 * Where the engine's "now" comes from. The core never reads the clock itself;
 * the shells read it here and pass the time in.
 * @example const now = clock.now();
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told: local runs and tests replay weeks in seconds. */
export class SimulatedClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves to `to`; a simulated clock never runs backwards. */
  set(to: Date): void {
    if (to.getTime() < this.current)
      throw new RangeError(`clock cannot go back from ${this.now().toISOString()}`);
    this.current = to.getTime();
  }
}
