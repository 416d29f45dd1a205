import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { GENESIS_HASH } from '../../domain/eventstore/envelope';
import { elements, exchanged, numbered } from '../../domain/documents/testing';
import { freshPgReadStore, pgUrlOrSkip } from '../../test/projections/pg-read-store';
import type { SqlClient } from '../engine/types';
import { openReadStore } from '../sql/open';
import { documentsProjection } from './projection';
import { archiveCatalogue, pendingReceipts, searchDocuments, type ReadScope } from './queries';

/**
 * The 'documents' read models on SQLite and PostgreSQL: the registry follows the document, the 待签收
 * box follows the exchange, and 综合查询 filters by keyword (bigram index; % and _ are literals),
 * number, date range and the caller's data scope (search.int.spec.ts checks it against brute force).
 */
let pos = 0;
function rec(streamId: string, e: { type: string; data: unknown }): RecordedEvent {
  pos++;
  return {
    id: `e${pos}`,
    type: e.type,
    schemaVersion: 1,
    streamId,
    revision: 0,
    position: pos,
    data: e.data,
    metadata: { actorId: 'x', correlationId: 'c', occurredAt: '2026-03-05T03:00:00.000Z' },
    recordedAt: '2026-03-05T03:00:00.000Z',
    prevHash: GENESIS_HASH,
    hash: GENESIS_HASH,
  };
}

const t = (l: string) => l;
const unitScope = (unitId: string, userId = 'u'): ReadScope => ({ scope: 'unit', userId, unitId, departmentIds: [] });

async function scenario(db: SqlClient) {
  await documentsProjection.setup(db, t);
  const apply = (streamId: string, e: { type: string; data: unknown }) =>
    db.transaction((tx) => documentsProjection.apply(tx, rec(streamId, e), t));
  for (const e of numbered('d1', 7)) await apply('outgoing-document-d1', e);
  // a second document with a % in its body, in another department
  await apply('outgoing-document-d2', {
    type: 'OutgoingDocumentDrafted',
    data: {
      documentId: 'd2',
      unitId: 'czj',
      departmentId: 'czj-gkk',
      drafterId: 'he-jing',
      drafterName: '何静',
      elements: elements({ title: '关于国库集中支付的函', kind: '函' }),
      body: '执行率达到 95% 以上',
      version: 1,
      at: '2026-02-01T01:00:00.000Z',
    },
  });
  await apply('outgoing-document-d1', {
    type: 'OutgoingDocumentDistributed',
    data: {
      documentId: 'd1',
      recipients: [{ unitId: 'qzfb', unitName: '区政府办公室', incomingId: 'i1', copyNo: '000001' }],
      printingOrgan: '区财政局办公室',
      printedDate: '2026-03-05',
      distributedBy: 'yang-fan',
      at: '2026-03-05T03:00:00.000Z',
    },
  });
  await apply('incoming-document-i1', {
    type: 'IncomingDocumentReceived',
    data: {
      incomingId: 'i1',
      unitId: 'qzfb',
      unitName: '区政府办公室',
      category: 'normal',
      from: { outgoingId: 'd1', unitId: 'czj', unitName: '区财政局' },
      copyNo: '000001',
      document: exchanged(),
      sentBy: 'yang-fan',
      at: '2026-03-05T03:00:00.000Z',
    },
  });
  return apply;
}

async function checks(db: SqlClient) {
  const apply = await scenario(db);
  const page = { limit: 20, offset: 0 };
  // keyword in the 正文, full-width digits normalised (NFKC)
  expect((await searchDocuments(db, { q: '３月底' }, unitScope('czj'), page)).items.map((r) => r.id)).toEqual(['d1']);
  // '%' is a literal, not a wildcard
  expect((await searchDocuments(db, { q: '95%' }, unitScope('czj'), page)).items.map((r) => r.id)).toEqual(['d2']);
  expect((await searchDocuments(db, { q: '%' }, unitScope('czj'), page)).items.map((r) => r.id)).toEqual(['d2']);
  expect(
    (await searchDocuments(db, { number: '〔2026〕7号' }, { scope: 'all', userId: 'x', unitId: null, departmentIds: [] }, page)).items
      .map((r) => [r.id, r.direction])
      .sort(),
  ).toEqual([
    ['d1', 'outgoing'],
    ['i1', 'incoming'],
  ]);
  // scope: department sees only its own department's (and its own) documents
  expect(
    (await searchDocuments(db, {}, { scope: 'department', userId: 'lv-peng', unitId: 'czj', departmentIds: ['czj-gkk'] }, page)).items.map(
      (r) => r.id,
    ),
  ).toEqual(['d2']);
  expect(
    (await searchDocuments(db, {}, { scope: 'self', userId: 'staff', unitId: 'czj', departmentIds: [] }, page)).items.map((r) => r.id),
  ).toEqual(['d1']);
  expect((await searchDocuments(db, {}, unitScope('qzfb'), page)).items.map((r) => r.id)).toEqual(['i1']);
  // date range on 成文日期 / drafting date, kind, pagination with total
  expect(
    (await searchDocuments(db, { from: '2026-03-01', to: '2026-03-31', direction: 'outgoing' }, unitScope('czj'), page)).items.map(
      (r) => r.id,
    ),
  ).toEqual(['d1']);
  const p1 = await searchDocuments(db, {}, unitScope('czj'), { limit: 1, offset: 0 });
  expect(p1.total).toBe(2);
  expect(p1.items).toHaveLength(1);
  expect((await searchDocuments(db, { kind: '函' }, unitScope('czj'), page)).items.map((r) => r.stage)).toEqual(['拟稿']);
  const d1 = (await searchDocuments(db, { q: '预算编制' }, unitScope('czj'), page)).items[0];
  expect(d1).toMatchObject({ stage: '已分发', doc_number: '区财预〔2026〕7号', signer_name: '沈振华', date_key: '2026-03-03' });

  // 待签收 until signed for
  expect((await pendingReceipts(db, 'qzfb', page)).items.map((x) => [x.incoming_id, x.status, x.doc_number])).toEqual([
    ['i1', 'sent', '区财预〔2026〕7号'],
  ]);
  await apply('outgoing-document-d1', {
    type: 'OutgoingDistributionAcknowledged',
    data: {
      documentId: 'd1',
      incomingId: 'i1',
      unitId: 'qzfb',
      outcome: 'signed',
      reason: '',
      actorId: 'wang-fang',
      at: '2026-03-05T04:00:00.000Z',
    },
  });
  expect((await pendingReceipts(db, 'qzfb', page)).total).toBe(0);

  // 归档 → catalogue
  await apply('outgoing-document-d1', {
    type: 'DocumentArchived',
    data: {
      documentId: 'd1',
      direction: 'outgoing',
      unitId: 'czj',
      fondsCode: 'Z109',
      year: 2026,
      retention: '永久',
      orgCode: 'BGS',
      itemNumber: 1,
      archivalCode: 'Z109-WS·2026-Y-BGS-0001',
      docNumber: '区财预〔2026〕7号',
      responsible: '区财政局',
      title: 't',
      date: '20260303',
      classification: '内部',
      pages: 3,
      remarks: '',
      archivedBy: 'x',
      at: '2026-03-06T00:00:00.000Z',
    },
  });
  expect((await archiveCatalogue(db, 'czj', 2026)).map((r) => [r.archival_code, r.pages])).toEqual([['Z109-WS·2026-Y-BGS-0001', 3]]);
}

describe('documents read models', () => {
  it('on SQLite', async () => {
    const db = await openReadStore('sqlite::memory:');
    try {
      await checks(db);
    } finally {
      await db.close();
    }
  });

  it('on PostgreSQL', async () => {
    const url = pgUrlOrSkip('documents read models');
    if (!url) return;
    const pg = await freshPgReadStore(url);
    try {
      await checks(pg.db);
    } finally {
      await pg.cleanup();
    }
  });
});
