import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseForSearch } from '../../domain/documents/elements';
import { GENESIS_HASH, type RecordedEvent } from '../../domain/eventstore/envelope';
import { elements } from '../../domain/documents/testing';
import { freshPgReadStore, pgUrlOrSkip } from '../../test/projections/pg-read-store';
import type { SqlClient } from '../engine/types';
import { openReadStore } from '../sql/open';
import { documentsProjection, putRegistryRow } from './projection';
import { SEARCH_TOTAL_CAP, searchDocuments, type ReadScope, type SearchFilter, type SearchOptions } from './queries';

/**
 * 综合查询 against a brute-force filter: the same generated registry rows are written (through the
 * projection's row writer, some of them rewritten so the keyword index is updated in place) into
 * SQLite and PostgreSQL; generated searches — keyword, title, 文号, issuer (1-character, 2-character
 * and longer substrings, with %, _ and \ literal, full-width forms), kind/direction/status/category,
 * date range, every data scope, pages — must give exactly the brute-force page and total, on every
 * SQLite plan (FTS5 index, scope walk, auto) and PostgreSQL plan (GIN, scope walk), with small caps too.
 */
const t = (l: string) => l;

// a small alphabet, so that generated substrings hit; full-width and upper-case letters test NFKC + lower case
const CHARS = [
  '通',
  '知',
  '财',
  '政',
  '局',
  '区',
  '发',
  '〔',
  '〕',
  '号',
  '2',
  '0',
  '6',
  '1',
  'a',
  'B',
  'Ｃ',
  '１',
  '%',
  '_',
  '\\',
  ' ',
  '预',
  '算',
];
const UNITS = ['u1', 'u2', 'u3'];
const PEOPLE = ['p1', 'p2', 'p3'];
const DEPTS = ['u1-a', 'u1-b', 'u2-a', 'u3-a'];
const KINDS = ['通知', '函', '请示'];
const STATUSES = ['draft', 'signed', 'archived'];

const text = (max: number) => fc.array(fc.constantFrom(...CHARS), { maxLength: max }).map((cs) => cs.join(''));
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

interface Doc {
  seq: number;
  id: string;
  direction: 'outgoing' | 'incoming';
  unit_id: string;
  department_id: string | null;
  owner_id: string | null;
  kind: string | null;
  category: string | null;
  title: string;
  doc_number: string | null;
  receipt_number: string | null;
  issuer: string | null;
  status: string;
  date_key: string;
  created_at: string;
  body_text: string;
}

type RawDoc = Omit<Doc, 'seq' | 'id' | 'date_key' | 'created_at'> & { day: number; minute: number };

const docArb: fc.Arbitrary<RawDoc> = fc.record({
  direction: fc.constantFrom<'outgoing' | 'incoming'>('outgoing', 'incoming'),
  unit_id: fc.constantFrom(...UNITS),
  department_id: nullable(fc.constantFrom(...DEPTS)),
  owner_id: nullable(fc.constantFrom(...PEOPLE)),
  kind: nullable(fc.constantFrom(...KINDS)),
  category: nullable(fc.constantFrom('normal', 'fax')),
  title: text(10),
  doc_number: nullable(text(8)),
  receipt_number: nullable(text(6)),
  issuer: nullable(text(5)),
  status: fc.constantFrom(...STATUSES),
  day: fc.integer({ min: 1, max: 9 }),
  minute: fc.integer({ min: 0, max: 3 }),
  body_text: text(30),
});

function materialise(raw: RawDoc[]): Doc[] {
  return raw.map(({ day, minute, ...d }, i) => ({
    ...d,
    seq: 1000 + i * 3,
    id: `doc-${String(i).padStart(4, '0')}`,
    date_key: `2026-01-0${day}`,
    created_at: `2026-01-0${day}T0${minute}:00:00.000Z`,
  }));
}

function rowOf(d: Doc): Record<string, unknown> {
  return {
    ...d,
    from_unit_id: null,
    main_recipients: '',
    classification: '内部',
    urgency: null,
    stage: d.status,
    signer_name: null,
    registered_at: null,
    review_pending: 0,
    rendered: 0,
    sealed: 0,
    updated_at: d.created_at,
    position: d.seq,
  };
}

/** Writes `docs` as first written by `first`, then rewrites those that changed (index updated in place). */
async function load(db: SqlClient, first: Doc[], docs: Doc[]): Promise<void> {
  await documentsProjection.setup(db, t);
  await db.transaction(async (tx) => {
    for (const d of first) await putRegistryRow(tx, t, rowOf(d), null);
    for (const [i, d] of docs.entries()) if (d !== first[i]) await putRegistryRow(tx, t, rowOf(d), rowOf(first[i]));
  });
}

// ---------------------------------------------------------------- the brute-force oracle
const has = (field: string | null, q: string) => normaliseForSearch(field ?? '').includes(q);
const active = (v: string | undefined) => (v?.trim() ? normaliseForSearch(v) : '');

function inScope(d: Doc, s: ReadScope): boolean {
  switch (s.scope) {
    case 'all':
      return true;
    case 'unit':
      return d.unit_id === (s.unitId ?? '') || d.owner_id === s.userId;
    case 'department':
    case 'department_tree': {
      const ids = s.scope === 'department' ? s.departmentIds.slice(0, 1) : s.departmentIds;
      return (d.department_id !== null && ids.includes(d.department_id)) || d.owner_id === s.userId;
    }
    case 'self':
      return d.owner_id === s.userId;
  }
}

function oracle(docs: Doc[], f: SearchFilter, s: ReadScope): Doc[] {
  const q = active(f.q);
  const title = active(f.title);
  const number = active(f.number);
  const issuer = active(f.issuer);
  return docs
    .filter((d) => inScope(d, s))
    .filter((d) => !q || [d.title, d.doc_number, d.receipt_number, d.issuer, d.body_text].some((x) => has(x, q)))
    .filter((d) => !title || has(d.title, title))
    .filter((d) => !number || has(d.doc_number, number) || has(d.receipt_number, number))
    .filter((d) => !issuer || has(d.issuer, issuer))
    .filter((d) => !f.kind || d.kind === f.kind)
    .filter((d) => !f.direction || d.direction === f.direction)
    .filter((d) => !f.status || d.status === f.status)
    .filter((d) => !f.category || d.category === f.category)
    .filter((d) => !f.from || d.date_key >= f.from)
    .filter((d) => !f.to || d.date_key <= f.to)
    .sort((a, b) =>
      a.date_key !== b.date_key
        ? a.date_key < b.date_key
          ? 1
          : -1
        : a.created_at !== b.created_at
          ? a.created_at < b.created_at
            ? 1
            : -1
          : a.id < b.id
            ? -1
            : 1,
    );
}

// ---------------------------------------------------------------- generated searches
/** A query text: a piece of some stored field (so it hits), or free text from the alphabet. */
function queryArb(docs: Doc[]): fc.Arbitrary<string> {
  const fields = docs
    .flatMap((d) => [d.title, d.doc_number ?? '', d.receipt_number ?? '', d.issuer ?? '', d.body_text])
    .filter((x) => x.length > 0);
  const piece = fc.tuple(fc.constantFrom(...fields), fc.nat(), fc.integer({ min: 1, max: 6 })).map(([x, start, len]) => {
    const cs = [...x];
    const s = start % cs.length;
    return cs.slice(s, s + len).join('');
  });
  // upper case / full width forms of a piece must find the same rows
  const variant = piece.map((p) => p.toUpperCase().replace(/[0-9a-z]/gi, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
  return fc.oneof({ weight: 5, arbitrary: piece }, { weight: 1, arbitrary: variant }, { weight: 2, arbitrary: text(3) });
}

const scopeArb = fc.oneof(
  fc.constant<ReadScope>({ scope: 'all', userId: 'admin', unitId: null, departmentIds: [] }),
  fc.record({
    scope: fc.constant('unit' as const),
    userId: fc.constantFrom(...PEOPLE),
    unitId: fc.constantFrom(...UNITS),
    departmentIds: fc.constant<string[]>([]),
  }),
  fc.record({
    scope: fc.constantFrom('department' as const, 'department_tree' as const),
    userId: fc.constantFrom(...PEOPLE),
    unitId: fc.constant('u1'),
    departmentIds: fc.subarray(DEPTS),
  }),
  fc.record({
    scope: fc.constant('self' as const),
    userId: fc.constantFrom(...PEOPLE),
    unitId: fc.constant('u1'),
    departmentIds: fc.constant<string[]>([]),
  }),
) as fc.Arbitrary<ReadScope>;

/** 0 to 3 conditions at once (more would almost always find nothing). */
function filterArb(docs: Doc[]): fc.Arbitrary<SearchFilter> {
  const q = queryArb(docs);
  const day = fc.integer({ min: 1, max: 9 }).map((d) => `2026-01-0${d}`);
  const every = fc.record({
    q: q,
    title: q,
    number: q,
    issuer: q,
    kind: fc.constantFrom(...KINDS, '公告'),
    direction: fc.constantFrom('outgoing' as const, 'incoming' as const),
    status: fc.constantFrom(...STATUSES),
    category: fc.constantFrom('normal', 'fax'),
    from: day,
    to: day,
  });
  const keys = ['q', 'q', 'q', 'title', 'number', 'issuer', 'kind', 'direction', 'status', 'category', 'from', 'to'] as const;
  return fc
    .tuple(fc.subarray([...keys], { maxLength: 3 }), every)
    .map(([ks, all]) => Object.fromEntries(ks.map((k) => [k, all[k]])) as SearchFilter);
}

const pageArb = fc.record({ limit: fc.integer({ min: 1, max: 8 }), offset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })) });

// ---------------------------------------------------------------- the stores
interface Store {
  name: string;
  db: SqlClient;
  variants: SearchOptions[];
  close: () => Promise<void>;
}
const stores: Store[] = [];
let docs: Doc[] = [];

beforeAll(async () => {
  const raw = fc.sample(docArb, { numRuns: 160, seed: 20261125 });
  const first = materialise(raw);
  // a quarter of the rows rewritten: new title / body / unit / department / kind — the index must follow
  const rewrites = fc.sample(docArb, { numRuns: first.length, seed: 6 });
  docs = first.map((d, i) => (i % 4 === 1 ? { ...materialise([rewrites[i]])[0], seq: d.seq, id: d.id } : d));
  const lite = await openReadStore('sqlite::memory:');
  await load(lite, first, docs);
  // every plan, and small caps / walk budgets so that the "more than the cap" paths run too
  const sqliteVariants: SearchOptions[] = [
    {},
    { plan: 'index' },
    { plan: 'scan' },
    { smallScope: 0 },
    { smallScope: 0, totalCap: 4, walkBudget: 3 },
    { smallScope: 0, totalCap: 4, walkBudget: 60 },
    { plan: 'index', totalCap: 4 },
    { plan: 'scan', totalCap: 4 },
  ];
  stores.push({ name: 'SQLite', db: lite, variants: sqliteVariants, close: () => lite.close() });
  const url = pgUrlOrSkip('综合查询 against brute force');
  if (url) {
    const pg = await freshPgReadStore(url);
    await load(pg.db, first, docs);
    stores.push({
      name: 'PostgreSQL',
      db: pg.db,
      variants: [{}, { plan: 'scan' }, { totalCap: 4, walkBudget: 3 }, { totalCap: 4, walkBudget: 60 }, { plan: 'index', totalCap: 4 }],
      close: pg.cleanup,
    });
  }
}, 60_000);

afterAll(async () => {
  for (const s of stores) await s.close();
});

describe('综合查询 = brute force, on SQLite (every plan) and PostgreSQL', () => {
  it('generated searches', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => fc.tuple(filterArb(docs), scopeArb, pageArb)),
        async ([filter, scope, page]) => {
          const all = oracle(docs, filter, scope);
          const ids = all.slice(page.offset, page.offset + page.limit).map((d) => d.id);
          if (ids.length > 0) nonEmpty++;
          for (const s of stores) {
            for (const options of s.variants) {
              const cap = options.totalCap ?? SEARCH_TOTAL_CAP;
              const got = await searchDocuments(s.db, filter, scope, page, t, options);
              expect({ store: s.name, options, ids: got.items.map((r) => r.id), total: got.total, capped: got.totalCapped }).toEqual({
                store: s.name,
                options,
                ids,
                total: Math.min(all.length, cap),
                capped: all.length > cap,
              });
            }
          }
        },
      ),
      { numRuns: 250, seed: 42 },
    );
    // the generator must exercise hits, not only empty results
    expect(nonEmpty).toBeGreaterThan(60);
  }, 120_000);

  it('keyword shapes the brief names: 2-character words, longer phrases, 文号 and year tokens', async () => {
    const extra: Doc[] = [
      {
        seq: 1,
        id: 'x1',
        direction: 'outgoing',
        unit_id: 'u9',
        department_id: null,
        owner_id: null,
        kind: '通知',
        category: null,
        title: '关于下达2026年财政预算的通知',
        doc_number: '穗府〔2026〕12号',
        receipt_number: null,
        issuer: '广州市人民政府',
        status: 'signed',
        date_key: '2026-02-01',
        created_at: '2026-02-01T00:00:00.000Z',
        body_text: '各区财政局：现将有关事项通知如下。',
      },
      {
        seq: 2,
        id: 'x2',
        direction: 'incoming',
        unit_id: 'u9',
        department_id: null,
        owner_id: null,
        kind: '函',
        category: 'normal',
        title: '关于商请支持的函',
        doc_number: '穗财函〔2025〕120号',
        receipt_number: '收〔2026〕3号',
        issuer: '市财政局',
        status: 'registered',
        date_key: '2026-02-02',
        created_at: '2026-02-02T00:00:00.000Z',
        body_text: '请予支持。',
      },
    ];
    const scope: ReadScope = { scope: 'unit', userId: 'nobody', unitId: 'u9', departmentIds: [] };
    const cases: [SearchFilter, string[]][] = [
      [{ q: '通知' }, ['x1']],
      [{ q: '财政' }, ['x2', 'x1']],
      [{ q: '穗府〔2026〕12号' }, ['x1']],
      [{ q: '穗府（2026）12号' }, []],
      [{ q: '2026' }, ['x2', 'x1']],
      [{ number: '〔2025〕12' }, ['x2']],
      [{ number: '12号' }, ['x1']],
      [{ q: '函' }, ['x2']],
      [{ title: '财政预算' }, ['x1']],
      [{ issuer: '财政' }, ['x2']],
      [{ q: '预算的通知 穗府' }, []], // never across two fields
    ];
    for (const s of stores) {
      await s.db.transaction(async (tx) => {
        for (const d of extra) await putRegistryRow(tx, t, rowOf(d), null);
      });
      for (const [filter, ids] of cases) {
        for (const options of s.variants) {
          const got = await searchDocuments(s.db, filter, scope, { limit: 10, offset: 0 }, t, options);
          expect({ store: s.name, options, filter, ids: got.items.map((r) => r.id) }).toEqual({ store: s.name, options, filter, ids });
        }
      }
    }
  });
});

describe('the projection keeps the keyword index in step with the events', () => {
  let pos = 0;
  const rec = (streamId: string, e: { type: string; data: unknown }): RecordedEvent => ({
    id: `e${++pos}`,
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
  });

  async function check(db: SqlClient) {
    await documentsProjection.setup(db, t);
    const apply = (e: { type: string; data: unknown }) =>
      db.transaction((tx) => documentsProjection.apply(tx, rec('outgoing-document-k1', e), t));
    await apply({
      type: 'OutgoingDocumentDrafted',
      data: {
        documentId: 'k1',
        unitId: 'czj',
        departmentId: 'czj-ysk',
        drafterId: 'li-ming',
        drafterName: '李明',
        elements: elements({ title: '关于防汛工作的通知' }),
        body: '做好汛期值班。',
        version: 1,
        at: '2026-03-01T01:00:00.000Z',
      },
    });
    const unit: ReadScope = { scope: 'unit', userId: 'x', unitId: 'czj', departmentIds: [] };
    const ids = async (f: SearchFilter) => (await searchDocuments(db, f, unit, { limit: 5, offset: 0 })).items.map((r) => r.id);
    expect(await ids({ q: '防汛' })).toEqual(['k1']);
    expect(await ids({ q: '值班' })).toEqual(['k1']);
    await apply({
      type: 'OutgoingDocumentEdited',
      data: {
        documentId: 'k1',
        changes: { title: '关于森林防火工作的通知' },
        changedFields: ['title', 'body'],
        body: '做好防火巡查。',
        version: 2,
        editorId: 'li-ming',
        editorName: '李明',
        capacity: 'drafter',
        stage: '拟稿',
        at: '2026-03-01T02:00:00.000Z',
      },
    });
    expect(await ids({ q: '防汛' })).toEqual([]);
    expect(await ids({ q: '值班' })).toEqual([]);
    expect(await ids({ q: '森林防火' })).toEqual(['k1']);
    expect(await ids({ title: '防火' })).toEqual(['k1']);
    expect(await ids({ q: '巡查', kind: '通知', status: 'draft' })).toEqual(['k1']);
    await apply({ type: 'OutgoingDocumentSubmitted', data: { documentId: 'k1', at: '2026-03-01T03:00:00.000Z' } });
    // a status change alone moves the row between status filters
    expect(await ids({ q: '巡查', status: 'draft' })).toEqual([]);
    expect(await ids({ q: '巡查', status: 'in_review' })).toEqual(['k1']);
  }

  it('on SQLite', async () => {
    const db = await openReadStore('sqlite::memory:');
    try {
      await check(db);
    } finally {
      await db.close();
    }
  });

  it('on PostgreSQL', async () => {
    const url = pgUrlOrSkip('keyword index follows the events');
    if (!url) return;
    const pg = await freshPgReadStore(url);
    try {
      await check(pg.db);
    } finally {
      await pg.cleanup();
    }
  });
});
