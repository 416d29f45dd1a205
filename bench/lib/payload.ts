import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../domain/eventstore/envelope';

/**
 * The one event shape every subject (ours, raw driver, Emmett) writes: a typical OA event of about
 * 400 bytes of JSON (data + metadata).
 */
export const EVENT_TYPES = ['DocumentDrafted', 'DocumentReviewed', 'DocumentSigned'] as const;
export const DOC_KEYS = 10_000;

export interface BenchEventData {
  docId: string;
  title: string;
  unitId: string;
  amountFen: number;
  urgency: 'normal' | 'urgent';
  seq: number;
}

const correlationId = randomUUID();

export function benchEvent(i: number): NewEvent<string, BenchEventData> {
  return {
    type: EVENT_TYPES[i % EVENT_TYPES.length]!,
    data: {
      docId: `doc-${i % DOC_KEYS}`,
      title: `关于做好2025年度第${i % 97}批政务信息公开工作的通知`,
      unitId: `unit-${i % 37}`,
      amountFen: (i * 7919) % 1_000_000,
      urgency: i % 5 === 0 ? 'urgent' : 'normal',
      seq: i,
    },
    metadata: {
      actorId: `user-${i % 501}`,
      onBehalfOf: null,
      unitId: `unit-${i % 37}`,
      correlationId,
      causationId: null,
      occurredAt: '2025-03-01T08:00:00.000Z',
      clientIp: '10.0.0.8',
    },
  };
}

export function benchEvents(from: number, count: number): NewEvent<string, BenchEventData>[] {
  const out = new Array<NewEvent<string, BenchEventData>>(count);
  for (let k = 0; k < count; k++) out[k] = benchEvent(from + k);
  return out;
}
