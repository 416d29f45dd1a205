import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type NewEvent } from '../../domain/eventstore/envelope';
import { eventHash } from '../../domain/eventstore/integrity';
import {
  fromEsdb,
  matches,
  normaliseEsdbUrl,
  numberToPosition,
  positionToNumber,
  toEsdbEvent,
  toEsdbExpected,
} from '../../commands/store/esdb-event-store';
import { prepareEvents } from '../../commands/store/shared';

/**
 * The ESDB adapter's pure mapping (no server runs here; the adapter's I/O is covered by the contract
 * suite when ESDB_URL is set). What the server would hand back is simulated from what we send:
 * data and metadata go over the wire as JSON text.
 */

const meta = {
  actorId: 'u-zhangsan',
  correlationId: 'c-1',
  causationId: 'k-1',
  occurredAt: '2026-01-05T08:00:00.000Z',
  unitId: '区财政局',
};

function roundTrip(streamId: string, events: NewEvent[], commitBase = 1000n): AllStreamResolvedEvent[] {
  const prepared = prepareEvents(streamId, -1, GENESIS_HASH, events, '2026-01-05T08:00:01.000Z');
  return prepared.map((p, i) => {
    const sent = toEsdbEvent(p);
    const pos = commitBase + BigInt(i) * 157n;
    return {
      event: {
        streamId,
        id: sent.id,
        revision: BigInt(p.revision),
        type: sent.type,
        isJson: true,
        created: new Date(),
        data: JSON.parse(JSON.stringify(sent.data)),
        metadata: JSON.parse(JSON.stringify(sent.metadata)),
        position: { commit: pos, prepare: pos },
      },
    } as AllStreamResolvedEvent;
  });
}

describe('ESDB mapping', () => {
  it('round-trips an event: id, type, schemaVersion, data, metadata, chain; the hash recomputes', () => {
    const raw = roundTrip('expense-1', [
      {
        id: '0193a1b2-0000-7000-8000-000000000001',
        type: 'ExpenseClaimed',
        schemaVersion: 2,
        data: { amountFen: 12345, items: ['差旅'] },
        metadata: meta,
      },
      { type: 'ExpenseApproved', data: { by: '李局长' }, metadata: meta },
    ]);
    const [a, b] = raw.map(fromEsdb);
    expect(a).toMatchObject({
      id: '0193a1b2-0000-7000-8000-000000000001',
      type: 'ExpenseClaimed',
      schemaVersion: 2,
      streamId: 'expense-1',
      revision: 0,
      position: 1000,
      data: { amountFen: 12345, items: ['差旅'] },
      metadata: meta,
      recordedAt: '2026-01-05T08:00:01.000Z',
      prevHash: GENESIS_HASH,
    });
    expect(b!.prevHash).toBe(a!.hash);
    expect(b!.position).toBe(1157);
    expect(eventHash(a!)).toBe(a!.hash);
    expect(eventHash(b!)).toBe(b!.hash);
    // ESDB's own correlation headers are filled for its projections
    expect(raw[0].event!.metadata).toMatchObject({ $correlationId: 'c-1', $causationId: 'k-1' });
  });

  it('wraps non-object data (ESDB JSON events carry objects) and unwraps it on read', () => {
    for (const data of [42, 'text', null, true]) {
      const [e] = roundTrip('s-1', [{ type: 'Noted', data, metadata: meta }]).map(fromEsdb);
      expect(e!.data).toEqual(data);
      expect(eventHash(e!)).toBe(e!.hash);
    }
  });

  it('ignores events that are not ours (ESDB system events, links, other writers)', () => {
    const system = {
      event: {
        streamId: '$stats-127.0.0.1:2113',
        id: 'x',
        revision: 0n,
        type: '$statsCollected',
        isJson: true,
        created: new Date(),
        data: {},
        metadata: undefined,
        position: { commit: 5n, prepare: 5n },
      },
    };
    const foreign = { event: { ...system.event, streamId: 'orders-1', type: 'OrderPlaced', metadata: { someone: 'else' } } };
    expect(fromEsdb(system as unknown as AllStreamResolvedEvent)).toBeUndefined();
    expect(fromEsdb(foreign as unknown as AllStreamResolvedEvent)).toBeUndefined();
    expect(fromEsdb({} as AllStreamResolvedEvent)).toBeUndefined();
  });

  it('maps positions as commit positions, unknown (stream reads on old servers) as 0', () => {
    expect(positionToNumber({ commit: 123456789n, prepare: 123456789n })).toBe(123456789);
    expect(numberToPosition(42)).toEqual({ commit: 42n, prepare: 42n });
    expect(positionToNumber(undefined)).toBe(0);
    expect(positionToNumber({ commit: 18446744073709551615n, prepare: 18446744073709551615n })).toBe(0);
    expect(() => positionToNumber({ commit: 2n ** 60n, prepare: 2n ** 60n })).toThrow(RangeError);
  });

  it('maps expected revisions, pinning any/exists to the revision read (the chain needs the head hash)', () => {
    expect(toEsdbExpected('no_stream', -1)).toBe('no_stream');
    expect(toEsdbExpected(4, 4)).toBe(4n);
    expect(toEsdbExpected(-1, -1)).toBe('no_stream');
    expect(toEsdbExpected('any', -1)).toBe('no_stream');
    expect(toEsdbExpected('any', 7)).toBe(7n);
    expect(toEsdbExpected('exists', 3)).toBe(3n);
  });

  it('filters by type and stream prefix literally', () => {
    const [e] = roundTrip('doc_%-1', [{ type: 'Signed', data: {}, metadata: meta }]).map(fromEsdb);
    expect(matches(e!, { streamPrefix: 'doc_%' })).toBe(true);
    expect(matches(e!, { streamPrefix: 'doc_x' })).toBe(false);
    expect(matches(e!, { types: ['Signed', 'Sent'] })).toBe(true);
    expect(matches(e!, { types: ['Sent'] })).toBe(false);
    expect(matches(e!, { types: [] })).toBe(true);
  });

  it('speaks esdb:// for kurrentdb:// and kdb:// URLs', () => {
    expect(normaliseEsdbUrl('kurrentdb://h:2113?tls=false')).toBe('esdb://h:2113?tls=false');
    expect(normaliseEsdbUrl('kdb+discover://h:2113')).toBe('esdb+discover://h:2113');
    expect(normaliseEsdbUrl('esdb://h:2113')).toBe('esdb://h:2113');
  });
});
