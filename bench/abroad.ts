/**
 * npm run bench:abroad — 出国境 read-side speed:
 *  1. 申请列表 p99 at 10,000 applications: listApplications (projections/abroad/queries.ts) on the embedded
 *     read store (SQLite), tables made by the abroad projection's own setup and filled by its own `apply`
 *     from synthetic events (AbroadApplicationSubmitted / Approved, NodeActivated); query shapes: the
 *     applicant's own, a unit admin's scope (page 1 and a deep page), all with a keyword, all by status.
 *  2. 证照台账 p99: passportRegister over 2,000 证照 (a third checked out, some overdue): a unit's
 *     register, overdue only, a keyword.
 * BENCH_APPLICATIONS overrides the application count; BENCH_RUNS the runs per shape (default 200).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../domain/eventstore/envelope';
import { abroadProjection } from '../projections/abroad/projection';
import { listApplications, passportRegister, type AbroadScope } from '../projections/abroad/queries';
import type { SqlClient } from '../projections/engine/types';
import { SqliteClient } from '../projections/sql/sqlite-client';

const APPS = Number(process.env.BENCH_APPLICATIONS ?? 10_000);
const PASSPORTS = 2_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const UNITS = ['qzfb', 'czj', 'rsj', 'jgswj', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10'];
const REGIONS = ['新加坡', '马来西亚', '日本', '香港', '澳门', '德国', '法国', '英国', '美国', '泰国'];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => `${x.toFixed(2)} ms`;

let position = 0;
const ev = (type: string, streamId: string, data: unknown, at: string): RecordedEvent =>
  ({
    id: `e${++position}`,
    type,
    schemaVersion: 1,
    streamId,
    revision: 0,
    position,
    data,
    metadata: {
      actorId: 'bench',
      correlationId: 'bench',
      causationId: null,
      occurredAt: at,
      onBehalfOf: null,
      unitId: null,
      clientIp: null,
      commandId: null,
    },
    recordedAt: at,
    prevHash: '',
    hash: '',
  }) as unknown as RecordedEvent;

async function fill(db: SqlClient): Promise<void> {
  const t = (x: string) => x;
  await abroadProjection.setup(db, t);
  const base = Date.parse('2026-01-01T00:00:00Z');
  await db.transaction(async (tx) => {
    for (let i = 0; i < APPS; i++) {
      const unit = UNITS[i % UNITS.length];
      const at = new Date(base + i * 600_000).toISOString();
      const depart = new Date(base + i * 600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
      const processId = `p${i}`;
      await abroadProjection.apply(
        tx,
        ev('ProcessStarted', `process-${processId}`, { subject: { type: 'abroad-application', id: `a${i}` } }, at),
        t,
      );
      await abroadProjection.apply(tx, ev('NodeActivated', `process-${processId}`, { nodeName: '单位初审', kind: 'approval' }, at), t);
      await abroadProjection.apply(
        tx,
        ev(
          'AbroadApplicationSubmitted',
          `abroad-application-a${i}`,
          {
            applicationId: `a${i}`,
            entry: ['公职人员出国(赴港澳)', '出入境', '特殊出入境'][i % 3],
            applicant: {
              userId: `u${i % 2_000}`,
              name: `人员${i % 2_000}`,
              unitId: unit,
              departmentId: `${unit}-d${i % 4}`,
              rank: '科员',
              title: '科员',
            },
            reason: `事由${i}`,
            document: { type: '因私护照', number: `E${String(i).padStart(8, '0')}`, validUntil: '2031-01-01' },
            itinerary: [{ region: REGIONS[i % REGIONS.length], arriveDate: depart, leaveDate: depart }],
            destinationType: '其他国家和地区',
            task: '',
            departDate: depart,
            returnDate: depart,
            days: 1,
            members: [],
            processId,
            approvers: { 'unit-head': ['lead'] },
            at,
          },
          at,
        ),
        t,
      );
      if (i % 2 === 0)
        await abroadProjection.apply(
          tx,
          ev(
            'AbroadApplicationApproved',
            `abroad-application-a${i}`,
            { applicationId: `a${i}`, processId, actorId: 'x', opinion: '', at },
            at,
          ),
          t,
        );
    }
    for (let i = 0; i < PASSPORTS; i++) {
      const unit = UNITS[i % UNITS.length];
      const at = new Date(base + i * 60_000).toISOString();
      const passportId = `pp${i}`;
      await abroadProjection.apply(
        tx,
        ev(
          'PassportRegistered',
          `abroad-passport-${passportId}`,
          {
            passportId,
            holderId: `u${i}`,
            holderName: `人员${i}`,
            unitId: unit,
            departmentId: `${unit}-d${i % 4}`,
            docType: '因私护照',
            number: `E${String(i).padStart(8, '0')}`,
            validUntil: '2031-01-01',
            keeperId: 'keeper',
            keeperName: '保管员',
            at,
          },
          at,
        ),
        t,
      );
      if (i % 3 === 0)
        await abroadProjection.apply(
          tx,
          ev(
            'PassportCheckedOut',
            `abroad-passport-${passportId}`,
            {
              passportId,
              applicationId: `a${i}`,
              entry: '出入境',
              holderId: `u${i}`,
              keeperId: 'keeper',
              returnDate: '2026-02-01',
              dueBack: i % 2 ? '2026-02-11T16:00:00.000Z' : '2027-02-11T16:00:00.000Z',
              at,
            },
            at,
          ),
          t,
        );
    }
  });
}

async function time(f: () => Promise<unknown>): Promise<{ p50: number; p99: number; max: number }> {
  for (let i = 0; i < 5; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await f();
    xs.push(performance.now() - s);
  }
  return { p50: pct(xs, 50), p99: pct(xs, 99), max: Math.max(...xs) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-abroad-'));
  const db = new SqliteClient(join(dir, 'read.db'));
  try {
    const f0 = performance.now();
    await fill(db);
    const fillMs = performance.now() - f0;
    const unitAdmin: AbroadScope = { scope: 'unit', userId: 'admin', unitId: 'rsj', departmentIds: [] };
    const all: AbroadScope = { scope: 'all', userId: 'admin', unitId: 'qzfb', departmentIds: [] };
    const me: AbroadScope = { scope: 'self', userId: 'u7', unitId: 'rsj', departmentIds: [] };
    const now = '2026-06-01T00:00:00.000Z';
    const rows: [string, string, { p50: number; p99: number; max: number }][] = [];
    const target = 50;
    const shapes: [string, string, () => Promise<unknown>][] = [
      ['申请列表', '本人（mine）', () => listApplications(db, me, { mine: true }, { offset: 0, limit: 20 })],
      ['申请列表', '单位管理员 第 1 页', () => listApplications(db, unitAdmin, {}, { offset: 0, limit: 20 })],
      ['申请列表', '单位管理员 第 40 页', () => listApplications(db, unitAdmin, {}, { offset: 780, limit: 20 })],
      ['申请列表', '全部 + 状态 审批中', () => listApplications(db, all, { status: 'in_review' }, { offset: 0, limit: 20 })],
      ['申请列表', '全部 + 关键词', () => listApplications(db, all, { q: '新加坡' }, { offset: 0, limit: 20 })],
      ['证照台账', '单位（保管中/已领用）', () => passportRegister(db, unitAdmin, {}, now, { offset: 0, limit: 20 })],
      ['证照台账', '全部 逾期未还', () => passportRegister(db, all, { status: 'overdue' }, now, { offset: 0, limit: 20 })],
      ['证照台账', '全部 + 关键词', () => passportRegister(db, all, { q: '人员12' }, now, { offset: 0, limit: 20 })],
    ];
    for (const [what, shape, f] of shapes) rows.push([what, shape, await time(f)]);
    console.log(
      `\n### bench:abroad — ${APPS.toLocaleString()} applications, ${PASSPORTS.toLocaleString()} 证照, SQLite read store, ${RUNS} runs per shape (fill ${(fillMs / 1000).toFixed(1)} s)\n`,
    );
    console.log('| query | shape | p50 | p99 | max | target p99 | ok |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [what, shape, r] of rows)
      console.log(`| ${what} | ${shape} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ≤ ${target} ms | ${r.p99 <= target ? '✓' : '✗'} |`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
