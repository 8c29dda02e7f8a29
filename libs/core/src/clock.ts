/**
 * The time source for anything scheduled or windowed. Production uses the
 * system clock; tests swap `now` to run days of behaviour in seconds.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export function systemClock(): Clock {
  return { now: () => new Date() };
}
