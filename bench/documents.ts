/**
 * npm run bench:documents — 公文 speed targets:
 *  1. 套红 + 用印 of a 10-page document (GB/T 9704 layout with embedded CJK subsets, then the SM2 seal:
 *     seal image stamped as an incremental update, SM3 + SM2 signature): median of 5 warm runs (the
 *     cold first run, which parses the CJK font collections, is printed apart).
 *  2. 综合查询 p99 over 200,000 documents: searchDocuments (projections/documents/queries.ts) on the
 *     embedded read store (SQLite), tables created by the documents projection's own setup, rows and
 *     their bigram keyword index written by its row writer (putRegistryRow). Several query shapes
 *     (scopes × filters × keyword lengths), each timed RUNS times; total counted (capped at 10,000).
 * BENCH_QUICK=1: 20,000 documents, fewer runs. BENCH_DOCS overrides the document count.
 * BENCH_PARTS=search|render: one part only. BENCH_BODY=long: ~1,500-character bodies.
 * BENCH_STORE=postgres: the search on the PostgreSQL read store (PG_URL) instead of SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentsProjection, putRegistryRow } from '../projections/documents/projection';
import { searchDocuments, type ReadScope, type SearchFilter } from '../projections/documents/queries';
import type { SqlClient } from '../projections/engine/types';
import { openReadStore } from '../projections/sql/open';
import { SqliteClient } from '../projections/sql/sqlite-client';
import { GbT9704Renderer } from '../reports/documents/renderer';
import { Sm2SealService } from '../reports/documents/seal-service';
import { FileStore } from '../reports/documents/storage';
import { RedHeaderTemplateStore } from '../reports/documents/templates';
import { sampleDocument } from '../test/documents/fixtures';

const QUICK = process.env.BENCH_QUICK === '1';
const DOCS = Number(process.env.BENCH_DOCS ?? (QUICK ? 20_000 : 200_000));
const RUNS = QUICK ? 20 : 100;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function renderAndSeal(): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-docs-'));
  try {
    const files = new FileStore(dir);
    const renderer = new GbT9704Renderer(new RedHeaderTemplateStore(dir), files);
    const seals = new Sm2SealService({ dataDir: dir, files, passphrase: 'bench' });
    // find a body that lays out to exactly 10 pages
    let paragraphs = 30;
    let doc = sampleDocument({}, paragraphs);
    const coldStart = performance.now();
    let r = await renderer.render({ document: doc, templateId: null });
    const coldRender = performance.now() - coldStart;
    while (r.pages !== 10) {
      paragraphs += r.pages < 10 ? 1 : -1;
      doc = sampleDocument({}, paragraphs);
      r = await renderer.render({ document: doc, templateId: null });
    }
    const coldSealStart = performance.now();
    await seals.seal({
      documentId: doc.documentId,
      unitId: doc.unitId,
      pdfStorageKey: r.storageKey,
      pdfSha256: r.pdfSha256,
      actorId: 'bench',
    });
    const coldSeal = performance.now() - coldSealStart;
    const render: number[] = [];
    const seal: number[] = [];
    const verify: number[] = [];
    for (let i = 0; i < 5; i++) {
      const d = { ...doc, version: 100 + i }; // a new version each time: a new PDF, no cache
      let t = performance.now();
      const out = await renderer.render({ document: d, templateId: null });
      render.push(performance.now() - t);
      t = performance.now();
      const s = await seals.seal({
        documentId: d.documentId,
        unitId: d.unitId,
        pdfStorageKey: out.storageKey,
        pdfSha256: out.pdfSha256,
        actorId: 'bench',
      });
      seal.push(performance.now() - t);
      t = performance.now();
      const v = await seals.verify(s);
      verify.push(performance.now() - t);
      if (!v.valid) throw new Error('sealed PDF does not verify');
    }
    const both = render.map((x, i) => x + seal[i]);
    return [
      ['套红 10 页 (median of 5)', ms(median(render)), '', ''],
      ['用印 SM2 (median of 5)', ms(median(seal)), '', ''],
      ['套红 + 用印, 10 页 (median of 5)', ms(median(both)), '(no target set)', ''],
      ['验章 on open (median of 5)', ms(median(verify)), '', ''],
      ['cold first 套红 (font parsing) / 用印 (key)', `${ms(coldRender)} / ${ms(coldSeal)}`, '', ''],
      [`PDF size, 10 pages`, `${(r.bytes / 1024).toFixed(0)} KiB`, '', ''],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const UNITS = Array.from({ length: 40 }, (_, i) => `unit-${i}`);
const KINDS = ['通知', '请示', '报告', '函', '意见', '通报', '批复', '纪要'];
const WORDS = [
  '预算',
  '安全生产',
  '防汛',
  '疫情防控',
  '营商环境',
  '乡村振兴',
  '人才引进',
  '招商引资',
  '环境保护',
  '数字政府',
  '城市更新',
  '教育',
  '医疗',
  '养老',
];

const ON_PG = process.env.BENCH_STORE === 'postgres';
function pgUrl(): string {
  const url = process.env.PG_URL;
  if (!url) throw new Error('BENCH_STORE=postgres needs PG_URL (source .services/env)');
  return url;
}

/** BENCH_BODY=long: about 1,500 characters of 正文 per document instead of one sentence. */
const LONG_BODY = process.env.BENCH_BODY === 'long';
const FILLER = [
  '根据上级有关文件精神，结合本地区实际，制定本方案。',
  '各单位要高度重视，加强组织领导，明确责任分工，确保各项任务落到实处。',
  '请于每季度末将工作进展情况报送办公室，联系人及电话另行通知。',
  '对工作中发现的问题要及时整改，重大情况及时报告。',
  '本通知自印发之日起施行，原有规定与本通知不一致的，以本通知为准。',
];

async function search(): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  // BENCH_STORE=postgres: the PostgreSQL read store (PG_URL), in a schema of its own dropped afterwards
  const schema = `bench_docs_${process.pid}`;
  const db: SqlClient = ON_PG
    ? await openReadStore(`${pgUrl()}${pgUrl().includes('?') ? '&' : '?'}schema=${schema}`)
    : new SqliteClient(join(dir, 'read.db'));
  try {
    const t = (l: string) => l;
    await documentsProjection.setup(db, t);
    const t0 = performance.now();
    // rows written by the projection's own row writer (registry row + keyword index), 10,000 per transaction
    const fill = (from: number, to: number) =>
      db.transaction(
        async (tx) => {
          for (let k = from; k < to; k++) {
            const h = (k * 2654435761) >>> 0;
            const unit = UNITS[h % UNITS.length];
            const kind = KINDS[(h >>> 5) % KINDS.length];
            const w1 = WORDS[(h >>> 9) % WORDS.length];
            const w2 = WORDS[(h >>> 13) % WORDS.length];
            const day = new Date(Date.UTC(2022, 0, 1) + (h % (4 * 365)) * 86400_000).toISOString().slice(0, 10);
            const outgoing = (h & 1) === 0;
            const title = `关于做好${w1}和${w2}工作的${kind}`;
            const number = `区${unit.slice(5)}发〔${day.slice(0, 4)}〕${(k % 500) + 1}号`;
            const issuer = `第${unit.slice(5)}局`;
            let body = `各部门：为进一步做好${w1}工作，现就有关事项${kind}如下。一、提高认识。二、落实${w2}责任。编号${k}。`;
            if (LONG_BODY)
              for (let j = 0; body.length < 1500; j++)
                body += FILLER[(h + j) % FILLER.length] + WORDS[(h >>> (j % 20)) % WORDS.length] + '。';
            const at = `${day}T02:00:00.000Z`;
            await putRegistryRow(
              tx,
              t,
              {
                seq: k + 1,
                id: `doc-${k}`,
                direction: outgoing ? 'outgoing' : 'incoming',
                unit_id: unit,
                department_id: `${unit}-dept-${h % 8}`,
                owner_id: `user-${h % 5000}`,
                kind,
                category: outgoing ? null : 'normal',
                title,
                doc_number: number,
                receipt_number: outgoing ? null : `收〔${day.slice(0, 4)}〕${k}号`,
                issuer,
                from_unit_id: outgoing ? null : UNITS[(h >>> 3) % UNITS.length],
                main_recipients: '区直各部门',
                classification: '内部',
                urgency: '平件',
                status: 'archived',
                stage: '已归档',
                signer_name: '局长',
                date_key: day,
                registered_at: at,
                review_pending: 0,
                rendered: 1,
                sealed: 1,
                body_text: body,
                created_at: at,
                updated_at: at,
                position: k + 1,
              },
              null,
            );
          }
        },
        { pipelineWrites: true },
      );
    for (let i = 0; i < DOCS; i += 10_000) await fill(i, Math.min(DOCS, i + 10_000));
    await db.run(ON_PG ? 'VACUUM ANALYZE' : 'ANALYZE');
    const loadMs = performance.now() - t0;

    const unitScope = (u: string): ReadScope => ({ scope: 'unit', userId: 'user-1', unitId: u, departmentIds: [] });
    const deptScope = (u: string): ReadScope => ({
      scope: 'department_tree',
      userId: 'user-1',
      unitId: u,
      departmentIds: [`${u}-dept-1`, `${u}-dept-2`],
    });
    const all: ReadScope = { scope: 'all', userId: 'admin', unitId: null, departmentIds: [] };
    const ONE_CHAR = ['函', '汛', '养', '疫', '招'];
    const shapes: [string, (i: number) => [SearchFilter, ReadScope]][] = [
      ['unit scope, first page (no filter)', (i) => [{}, unitScope(UNITS[i % UNITS.length])]],
      [
        'unit + kind + date range',
        (i) => [{ kind: KINDS[i % KINDS.length], from: '2024-01-01', to: '2024-06-30' }, unitScope(UNITS[i % UNITS.length])],
      ],
      ['unit + title word', (i) => [{ title: WORDS[i % WORDS.length] }, unitScope(UNITS[i % UNITS.length])]],
      ['unit + keyword in body', (i) => [{ q: WORDS[(i + 3) % WORDS.length] }, unitScope(UNITS[i % UNITS.length])]],
      ['department tree + number', (i) => [{ number: `〔2023〕${(i % 400) + 1}号` }, deptScope(UNITS[i % UNITS.length])]],
      ['all units + keyword in body (admin)', (i) => [{ q: `编号${(i * 7919) % DOCS}。` }, all]],
      // added with the bigram index: 2-character words, common words over everything, 1 character, 文号 / year tokens, deep pages
      [
        'unit + 2-char word (通知/请示…)',
        (i) => [{ q: KINDS[i % KINDS.length].padEnd(2, '件') }, unitScope(UNITS[(i * 7) % UNITS.length])],
      ],
      ['all units + common word (admin)', (i) => [{ q: WORDS[i % WORDS.length] }, all]],
      ['all units + 1 character (admin)', (i) => [{ q: ONE_CHAR[i % ONE_CHAR.length] }, all]],
      ['all units + 文号 (admin)', (i) => [{ number: `区${i % UNITS.length}发〔2025〕${((i * 37) % 500) + 1}号` }, all]],
      ['all units + year + kind (admin)', (i) => [{ q: String(2022 + (i % 4)), kind: KINDS[i % KINDS.length] }, all]],
      ['unit + word, page 5', (i) => [{ q: WORDS[(i + 5) % WORDS.length], __page: 5 } as SearchFilter, unitScope(UNITS[i % UNITS.length])]],
    ];
    const rows: string[][] = [
      [
        `fill ${DOCS.toLocaleString('en')} registry rows + keyword index (projection's row writer${LONG_BODY ? ', long bodies' : ''})`,
        ms(loadMs),
        '',
        '',
      ],
    ];
    for (const [name, mk] of shapes) {
      const times: number[] = [];
      const cpu: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        const [f, s] = mk(i);
        const { __page, ...filter } = f as SearchFilter & { __page?: number };
        const c1 = process.cpuUsage();
        const t1 = performance.now();
        const res = await searchDocuments(db, filter, s, { limit: 20, offset: ((__page ?? 1) - 1) * 20 });
        const wall = performance.now() - t1;
        const c = process.cpuUsage(c1);
        if (i >= 3) {
          times.push(wall);
          cpu.push((c.user + c.system) / 1000);
        }
        total += res.total;
      }
      if (total === 0) throw new Error(`search "${name}" found nothing: the fixture does not exercise it`);
      const p99 = pct(times, 99);
      // CPU time beside the wall clock: on a shared machine the wall clock also counts waiting for a core
      rows.push([
        `search p99: ${name}`,
        `${ms(p99)} (p50 ${ms(pct(times, 50))}; CPU p99 ${ms(pct(cpu, 99))})`,
        '< 100 ms',
        p99 < 100 ? 'PASS' : 'FAIL',
      ]);
    }
    return rows;
  } finally {
    if (ON_PG) await db.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(rows: string[][]): void {
  const head = ['measure', 'result', 'target', ''];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))));
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  for (const [i, r] of all.entries()) {
    console.log(`| ${r.map((c, j) => pad(c ?? '', w[j])).join(' | ')} |`);
    if (i === 0) console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  }
}

/** BENCH_PARTS=search (or render): one part only. */
const PARTS = (process.env.BENCH_PARTS ?? 'render,search').split(',');
const rows: string[][] = [];
if (PARTS.includes('render')) rows.push(...(await renderAndSeal()));
if (PARTS.includes('search'))
  try {
    rows.push(...(await search()));
  } catch (e) {
    rows.push([`search p99 over ${DOCS.toLocaleString('en')} documents`, `not measured: ${(e as Error).message}`, '< 100 ms', '']);
  }
console.log(
  `\n公文 bench (${QUICK ? 'quick' : 'full'}; Node ${process.version}; ${DOCS.toLocaleString('en')} documents, ${RUNS} runs per search shape, ${ON_PG ? 'PostgreSQL' : 'SQLite'} read store)\n`,
);
print(rows);
