/**
 * Where "now" comes from. Deciders never read the clock: the command pipeline stamps
 * `command.metadata.now` from an injected Clock, so tests (and replays) are deterministic.
 *
 * Public API: Clock, systemClock, fixedClock(iso), steppingClock(startIso, stepMs).
 */
export interface Clock {
  /** ISO-8601 UTC, e.g. '2026-03-01T08:00:00.000Z'. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** Always the same instant; `set` moves it. */
export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = Date.parse(iso);
  if (Number.isNaN(t)) throw new TypeError(`not an ISO time: ${iso}`);
  return {
    now: () => new Date(t).toISOString(),
    set: (next: string) => {
      t = Date.parse(next);
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Each call returns the previous instant plus `stepMs` (first call: `startIso`). */
export function steppingClock(startIso: string, stepMs = 1000): Clock {
  let t = Date.parse(startIso) - stepMs;
  return { now: () => new Date((t += stepMs)).toISOString() };
}
