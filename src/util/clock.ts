/**
 * Where time comes from. Production uses the system clock; tests inject one they move, so
 * expiry, cool-downs and lockouts are tested without sleeping. Everything that judges time
 * (passcodes, limits, invitations, timestamps) asks its clock, never Date.now().
 */
export interface Clock {
  /** milliseconds since the epoch */
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock that only moves when told to (tests). */
export class ManualClock implements Clock {
  #now: number;
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advance(seconds: number): void {
    this.#now += seconds * 1000;
  }
}
