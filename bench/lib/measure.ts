import type { NewEvent } from '../../domain/eventstore/envelope';
import { benchEvents } from './payload';
import type { Subject } from './subject';

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

let seq = 0;

/**
 * `writers` concurrent loops append `batch` events per call, each to its own 100 streams in turn,
 * for `seconds`. Returns events per second (committed, durable).
 */
export async function appendRate(
  subject: Subject,
  opts: { writers: number; batch: number; seconds: number; prefix: string },
): Promise<number> {
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  let events = 0;
  await Promise.all(
    Array.from({ length: opts.writers }, async (_, w) => {
      for (let k = 0; performance.now() < deadline; k++) {
        const batch: NewEvent[] = benchEvents(seq, opts.batch);
        seq += opts.batch;
        await subject.append(`${opts.prefix}-w${w}s${k % 100}`, batch);
        events += opts.batch;
      }
    }),
  );
  return events / ((performance.now() - t0) / 1000);
}

/** Untimed bulk load: `count` events in appends of `batch` to streams `load-<n>`. */
export async function loadEvents(subject: Subject, from: number, count: number, batch: number): Promise<void> {
  const put = subject.load?.bind(subject) ?? subject.append.bind(subject);
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    await put(`load-${Math.floor((from + done) / batch)}`, benchEvents(from + done, n));
  }
}

export interface RateResult {
  /** Events per second. */
  rate: number;
  /** The run stopped at its time cap before doing the whole job. */
  capped: boolean;
}

export async function readAllRate(subject: Subject, stored: number, page: number, capSeconds: number): Promise<RateResult> {
  const t0 = performance.now();
  const read = await subject.readAll(page, stored, t0 + capSeconds * 1000);
  const rate = read / ((performance.now() - t0) / 1000);
  if (read < stored && performance.now() - t0 < capSeconds * 1000) {
    throw new Error(`readAll returned ${read} of ${stored} events before its time cap`);
  }
  return { rate, capped: read < stored };
}

export async function catchUpRate(subject: Subject, events: number, capSeconds: number, run: number): Promise<RateResult> {
  const t0 = performance.now();
  const r = await subject.catchUp(events, t0 + capSeconds * 1000, run);
  const elapsed = (performance.now() - t0) / 1000;
  const { applied, seconds } = typeof r === 'number' ? { applied: r, seconds: elapsed } : r;
  const rate = applied / seconds;
  if (applied < events && elapsed < capSeconds) {
    throw new Error(`catch-up applied ${applied} of ${events} events before its time cap`);
  }
  return { rate, capped: applied < events };
}
