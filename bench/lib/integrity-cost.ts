import { canonicalJsonOf, prepareEvents } from '../../commands/store/shared';
import { GENESIS_HASH } from '../../domain/eventstore/envelope';
import { canonicalJson, sm3Hex } from '../../domain/eventstore/integrity';
import { median } from './measure';
import { benchEvents } from './payload';

/**
 * What the integrity chain (ARCHITECTURE §3: hash = SM3(prevHash ‖ canonical JSON of the envelope),
 * per event) costs by itself on the bench payload, in µs per event, single-threaded — the work ours
 * must do per event and the raw driver does not. It turns the raw row into the limit for a store that
 * keeps the chain: per event, raw's time + SM3 + (canonical JSON − the JSON.stringify raw does).
 */
export interface IntegrityCost {
  /** SM3 over each event's real hash input (prevHash ‖ canonical envelope), chained. */
  sm3: number;
  /** canonicalJsonOf(data) + canonicalJsonOf(metadata), the texts ours stores and hashes. */
  canonical: number;
  /** JSON.stringify(data) + JSON.stringify(metadata), what raw does instead. */
  stringify: number;
  /** Mean UTF-8 bytes of one hash input. */
  hashInputBytes: number;
}

export function measureIntegrityCost(batch: number, seconds = 0.4, runs = 3): IntegrityCost {
  const batches = Array.from({ length: 200 }, (_, k) => benchEvents(k * batch, batch));
  const events = batches.flat();
  // The real hash inputs, as eventHash (integrity.ts) defines them.
  const inputs = batches.flatMap((b, k) =>
    prepareEvents(`bench-${k}`, -1, GENESIS_HASH, b, '2025-03-01T08:00:00.000Z').map((r) => {
      const covered = {
        id: r.id,
        type: r.type,
        schemaVersion: r.schemaVersion,
        streamId: `bench-${k}`,
        revision: r.revision,
        data: JSON.parse(r.dataJson) as unknown,
        metadata: JSON.parse(r.metadataJson) as unknown,
        recordedAt: r.recordedAt,
        prevHash: r.prevHash,
      };
      return canonicalJson(covered);
    }),
  );
  const perEvent = (fn: () => number): number => {
    const rates: number[] = [];
    fn(); // warm-up
    for (let run = 0; run < runs; run++) {
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < seconds * 1000) n += fn();
      rates.push(((performance.now() - t0) * 1000) / n);
    }
    return median(rates);
  };
  let sink = 0;
  const sm3 = perEvent(() => {
    let prev = GENESIS_HASH;
    for (const body of inputs) prev = sm3Hex(prev + body);
    sink += prev.length;
    return inputs.length;
  });
  const canonical = perEvent(() => {
    for (const e of events) sink += (canonicalJsonOf(e.data)?.length ?? 0) + (canonicalJsonOf(e.metadata)?.length ?? 0);
    return events.length;
  });
  const stringify = perEvent(() => {
    for (const e of events) sink += JSON.stringify(e.data).length + JSON.stringify(e.metadata).length;
    return events.length;
  });
  if (sink < 0) console.log(sink); // keeps the work observable
  const hashInputBytes = inputs.reduce((s, x) => s + Buffer.byteLength(x) + 64, 0) / inputs.length;
  return { sm3, canonical, stringify, hashInputBytes };
}

/** events/s of the raw driver if it also did the integrity work: 1 / (1/raw + sm3 + canonical − stringify). */
export function rawWithIntegrity(rawRate: number, cost: IntegrityCost): number {
  const extraSeconds = (cost.sm3 + Math.max(0, cost.canonical - cost.stringify)) / 1e6;
  return 1 / (1 / rawRate + extraSeconds);
}
