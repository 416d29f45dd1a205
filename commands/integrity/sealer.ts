import { Subscription } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { WrongExpectedRevision, type EventStore } from '../../domain/eventstore/port';
import { MerkleBuilder } from './merkle';
import { isIntegritySealedData, SEAL_EVENT_TYPE, SEAL_STREAM, signSeal, type IntegritySealedData, type SealKeyPair } from './seal';

/**
 * The sealer (封印器): every `everyEvents` events or `everyMinutes` minutes, whichever comes first, it
 * seals the positions not sealed yet — [last seal's toPosition + 1, head] — with an SM3 Merkle root
 * signed by SM2, appended as `IntegritySealed` to `$system-seals` with expectedRevision = the last seal's
 * revision, so two sealers racing cannot produce overlapping or gapped ranges (the loser gets
 * WrongExpectedRevision and simply re-reads).
 *
 * Seal events are themselves in $all and are covered by the next seal. They do not count toward
 * "due": a store where nothing but the last seal happened since is not sealed again (no endless
 * seal-of-a-seal every M minutes); its last seal event stays in the unsealed tail until real events come.
 *
 * Cost: proportional to the events sealed, not to how often the sealer is woken. The unsealed tail is
 * kept between wake-ups (an incremental Merkle builder, O(log n) memory, plus the range's counters),
 * so a wake-up reads only the events appended since the previous one; the tail is thrown away only when
 * `$system-seals` moved (a seal was written — by us or by another sealer). Pages are small and the
 * sealer yields to the event loop between them, so a long backlog never blocks requests for long.
 */

export interface SealerOptions {
  key: SealKeyPair;
  /** N: seal once this many (non-seal) events are unsealed. Default 1000. */
  everyEvents?: number;
  /** M: seal any unsealed (non-seal) events once the last seal is this old. Default 10. */
  everyMinutes?: number;
  /** Upper bound of one seal's range, so a first run over a large store seals in slices. Default 100 000. */
  maxEventsPerSeal?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface LastSeal {
  revision: number;
  position: number;
  recordedAt: string;
  data: IntegritySealedData;
}

/** Events per readAll page (one synchronous read on SQLite: kept small so it never blocks the loop for long). */
const PAGE = 1000;

/** The unsealed tail as read so far: [from, to], its Merkle builder, and what decides "due". */
interface Tail {
  /** The last seal this tail continues (undefined: none yet), and the seal stream's revision then. */
  last: LastSeal | undefined;
  sealRevision: number;
  from: number;
  /** The last position added to `merkle` (from - 1 when none). */
  to: number;
  merkle: MerkleBuilder;
  businessEvents: number;
  firstRecordedAt: string | undefined;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Sealer {
  private readonly everyEvents: number;
  private readonly everyMs: number;
  private readonly maxEvents: number;
  private readonly now: () => Date;
  private chain: Promise<unknown> = Promise.resolve();
  private sub?: Subscription;
  private timer?: NodeJS.Timeout;
  /** Kept between wake-ups; only touched inside the serial chain. */
  private tail?: Tail;

  constructor(
    private readonly store: EventStore,
    private readonly opts: SealerOptions,
  ) {
    this.everyEvents = opts.everyEvents ?? 1000;
    this.everyMs = (opts.everyMinutes ?? 10) * 60_000;
    this.maxEvents = opts.maxEventsPerSeal ?? 100_000;
    this.now = opts.now ?? (() => new Date());
    if (!(this.everyEvents >= 1) || !(this.everyMs > 0) || !(this.maxEvents >= 1)) {
      throw new RangeError('Sealer: everyEvents, everyMinutes and maxEventsPerSeal must be positive');
    }
  }

  async lastSeal(): Promise<LastSeal | undefined> {
    const rev = await this.store.streamRevision(SEAL_STREAM);
    if (rev < 0) return undefined;
    const [e] = await this.store.readStream(SEAL_STREAM, { fromRevision: rev, toRevision: rev });
    if (!e) return undefined;
    if (!isIntegritySealedData(e.data)) throw new Error(`${SEAL_STREAM} revision ${rev} is not an IntegritySealed event`);
    return { revision: e.revision, position: e.position, recordedAt: e.recordedAt, data: e.data };
  }

  /**
   * Seals everything that is due, slice by slice; returns the seals written (possibly none).
   * `force`: seal any unsealed non-seal events now, ignoring N and M (used at shutdown and by tests).
   */
  sealDue(force = false): Promise<IntegritySealedData[]> {
    const run = this.chain.then(() => this.sealLoop(force));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async sealLoop(force: boolean): Promise<IntegritySealedData[]> {
    const written: IntegritySealedData[] = [];
    for (;;) {
      const seal = await this.sealOnce(force);
      if (seal === 'conflict') continue;
      if (seal === undefined) return written;
      written.push(seal);
    }
  }

  /** The unsealed tail, continued from the previous wake-up when no seal was written since. */
  private async currentTail(): Promise<Tail> {
    const rev = await this.store.streamRevision(SEAL_STREAM);
    if (this.tail && this.tail.sealRevision === rev) return this.tail;
    const last = await this.lastSeal();
    const from = last ? last.data.toPosition + 1 : 1;
    this.tail = {
      last,
      sealRevision: last ? last.revision : -1,
      from,
      to: from - 1,
      merkle: new MerkleBuilder(),
      businessEvents: 0,
      firstRecordedAt: undefined,
    };
    return this.tail;
  }

  private async sealOnce(force: boolean): Promise<IntegritySealedData | undefined | 'conflict'> {
    let tail: Tail;
    try {
      tail = await this.currentTail();
      const head = await this.store.headPosition();
      // read only what was appended since the last wake-up
      scan: while (tail.to < head && tail.merkle.count < this.maxEvents) {
        const page: RecordedEvent[] = await this.store.readAll({ fromPosition: tail.to + 1, limit: PAGE });
        if (page.length === 0) break;
        for (const e of page) {
          if (e.position > head) break scan;
          tail.merkle.add(e.hash);
          tail.to = e.position;
          if (e.streamId !== SEAL_STREAM) {
            tail.businessEvents++;
            tail.firstRecordedAt ??= e.recordedAt;
          }
          if (tail.merkle.count >= this.maxEvents) break scan;
        }
        if (page.length === PAGE) await yieldToLoop();
      }
    } catch (e) {
      this.tail = undefined; // half-read: start over next time
      throw e;
    }
    if (tail.businessEvents === 0) return undefined;

    const { last, from, to, merkle } = tail;
    const since = Date.parse(last?.recordedAt ?? tail.firstRecordedAt ?? this.now().toISOString());
    const due =
      force || tail.businessEvents >= this.everyEvents || merkle.count >= this.maxEvents || this.now().getTime() - since >= this.everyMs;
    if (!due) return undefined;

    // Whatever happens next, this tail is done: sealed (the next one starts after `to`), or lost to
    // another sealer (re-read from its seal).
    this.tail = undefined;
    const data = signSeal({ fromPosition: from, toPosition: to, count: merkle.count, merkleRoot: merkle.root() }, this.opts.key);
    const now = this.now().toISOString();
    try {
      await this.store.append(
        SEAL_STREAM,
        [
          {
            id: uuidv7(),
            type: SEAL_EVENT_TYPE,
            data,
            metadata: { actorId: 'system:sealer', correlationId: uuidv7(), occurredAt: now },
          },
        ],
        { expectedRevision: last ? last.revision : 'no_stream' },
      );
    } catch (e) {
      if (e instanceof WrongExpectedRevision) return 'conflict';
      throw e;
    }
    return data;
  }

  /** Runs in the background: checks on every head change (debounced by the serial chain) and every minute. */
  start(): void {
    if (this.sub) return;
    let running = false;
    let again = false;
    const check = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      void this.sealDue()
        .catch((e) => this.opts.onError?.(e))
        .finally(() => {
          running = false;
          if (again && this.sub) {
            again = false;
            check();
          }
        });
    };
    this.sub = this.store.watchHead().subscribe({ next: check, error: (e) => this.opts.onError?.(e) });
    this.timer = setInterval(check, Math.min(60_000, this.everyMs));
    this.timer.unref();
    check();
  }

  async stop(): Promise<void> {
    this.sub?.unsubscribe();
    this.sub = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.chain;
  }
}
