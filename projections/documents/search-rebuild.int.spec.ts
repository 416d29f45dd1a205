import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEventStore } from '../../commands/store/factory';
import { elements, numbered } from '../../domain/documents/testing';
import { freshPgReadStore, pgUrlOrSkip } from '../../test/projections/pg-read-store';
import { ProjectionEngine } from '../engine/engine';
import type { SqlClient } from '../engine/types';
import { openReadStore } from '../sql/open';
import { documentsProjection } from './projection';
import { searchDocuments, type ReadScope } from './queries';

/**
 * The keyword index lives in the projection's own tables (doc_search: FTS5 on SQLite, GIN on
 * PostgreSQL): the engine builds it live, and a rebuild (new tables `…__r<n>`, then renamed over the
 * serving ones, twice in a row) gives the same search answers.
 */
const meta = { actorId: 'x', correlationId: 'c', occurredAt: '2026-03-05T03:00:00.000Z' };
const unit: ReadScope = { scope: 'unit', userId: 'x', unitId: 'czj', departmentIds: [] };

async function scenario(db: SqlClient) {
  const dir = mkdtempSync(join(tmpdir(), 'oa-docs-rebuild-'));
  const store = await createEventStore(`sqlite:${join(dir, 'events.db')}`);
  const engine = new ProjectionEngine({ store, db, projections: [documentsProjection], pollIntervalMs: 50 });
  try {
    await engine.start();
    await store.append(
      'outgoing-document-d1',
      numbered('d1', 7).map((e) => ({ ...e, metadata: meta })),
    );
    await store.append('outgoing-document-d2', [
      {
        type: 'OutgoingDocumentDrafted',
        metadata: meta,
        data: {
          documentId: 'd2',
          unitId: 'czj',
          departmentId: 'czj-gkk',
          drafterId: 'he-jing',
          drafterName: '何静',
          elements: elements({ title: '关于防汛值班安排的通知', kind: '通知' }),
          body: '汛期24小时值班。',
          version: 1,
          at: '2026-02-01T01:00:00.000Z',
        },
      },
    ]);
    expect(await engine.waitForHead({ timeoutMs: 30_000 })).toBe(true);
    const answers = async () =>
      Promise.all([
        searchDocuments(db, { q: '防汛' }, unit, { limit: 10, offset: 0 }),
        searchDocuments(db, { number: '〔2026〕7号' }, unit, { limit: 10, offset: 0 }),
        searchDocuments(db, { q: '预算', kind: '通知' }, unit, { limit: 10, offset: 0 }),
        searchDocuments(
          db,
          { q: '汛' },
          { scope: 'department', userId: 'y', unitId: 'czj', departmentIds: ['czj-gkk'] },
          { limit: 10, offset: 0 },
        ),
      ]).then((rs) => rs.map((r) => [r.items.map((x) => x.id), r.total]));
    const before = await answers();
    expect(before).toEqual([
      [['d2'], 1],
      [['d1'], 1],
      [['d1'], 1],
      [['d2'], 1],
    ]);
    await engine.rebuild('documents');
    expect(await answers()).toEqual(before);
    await engine.rebuild('documents');
    expect(await answers()).toEqual(before);
    expect(await engine.parked('documents')).toEqual([]);
  } finally {
    await engine.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('documents projection: keyword index built live and by rebuilds', () => {
  it('on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oa-docs-read-'));
    const db = await openReadStore(`sqlite:${join(dir, 'read.db')}`);
    try {
      await scenario(db);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL', async () => {
    const url = pgUrlOrSkip('documents keyword index rebuild');
    if (!url) return;
    const pg = await freshPgReadStore(url);
    try {
      await scenario(pg.db);
    } finally {
      await pg.cleanup();
    }
  });
});
