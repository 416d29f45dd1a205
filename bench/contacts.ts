/**
 * npm run bench:contacts — 通讯录 search at district scale (issue 17: "address book search p99 < 20 ms at
 * 50,000 people"). The 'contacts' projection's own setup and apply fill the embedded read store (SQLite)
 * from 50,000 synthetic UserHired events (5 units × 20 departments each × 500 people … spread over 100
 * units) plus a 通讯录名片 each; then searchPeople (projections/contacts/queries.ts) answers the query
 * shapes people type through the in-memory search index the route uses (search-index.ts), each RUNS times: pinyin initials (xwb), a name fragment, an office-phone fragment,
 * an email fragment, a mobile number (visible only in the viewer's unit), and a department's list.
 * BENCH_PEOPLE overrides the count; BENCH_QUICK=1: 10,000 people, fewer runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../domain/eventstore/envelope';
import { contactsProjection } from '../projections/contacts/projection';
import { searchPeople, type Viewer } from '../projections/contacts/queries';
import { PeopleIndex } from '../projections/contacts/search-index';
import { SqliteClient } from '../projections/sql/sqlite-client';

const QUICK = process.env.BENCH_QUICK === '1';
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? (QUICK ? 10_000 : 50_000));
const RUNS = QUICK ? 50 : 200;
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '文博志强明华建国伟芳娜敏静丽军杰磊涛超勇艳秀英霞平刚桂兰玉辉斌鹏飞云海波宁晓燕红梅琳雪慧颖佳欣婷怡晨宇航浩然子涵思远嘉诚俊杰';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => `${x.toFixed(2)} ms`;

let rng = 42;
const rand = (n: number) => {
  rng = (rng * 1103515245 + 12345) & 0x7fffffff;
  return rng % n;
};

function ev(type: string, data: unknown, position: number, streamId: string): RecordedEvent {
  return {
    id: `e${position}`,
    type,
    data,
    streamId,
    position,
    revision: 0,
    recordedAt: '2026-01-01T00:00:00.000Z',
    metadata: { actorId: 'bench', correlationId: 'bench' },
  } as unknown as RecordedEvent;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-contacts-'));
  const db = new SqliteClient(join(dir, 'read.db'));
  const p = contactsProjection();
  const t = (x: string) => x;
  try {
    await p.setup(db, t);
    const units = Math.max(5, Math.round(PEOPLE / 500));
    let pos = 0;
    const t0 = performance.now();
    const names: string[] = [];
    await db.transaction(async (tx) => {
      for (let u = 0; u < units; u++) {
        await p.apply(
          tx,
          ev('UnitCreated', { unitId: `u${u}`, name: `单位${u}`, parentId: null, createdAt: '2026-01-01' }, ++pos, `unit-u${u}`),
          t,
        );
        for (let d = 0; d < 10; d++)
          await p.apply(
            tx,
            ev(
              'DepartmentCreated',
              { departmentId: `u${u}-d${d}`, unitId: `u${u}`, name: `科室${d}`, parentId: null, createdAt: '2026-01-01' },
              ++pos,
              `department-u${u}-d${d}`,
            ),
            t,
          );
      }
      for (let i = 0; i < PEOPLE; i++) {
        const name = SURNAMES[rand(SURNAMES.length)] + GIVEN[rand(GIVEN.length)] + (rand(3) ? GIVEN[rand(GIVEN.length)] : '');
        names.push(name);
        const u = i % units;
        const userId = `p${i}`;
        await p.apply(
          tx,
          ev(
            'UserHired',
            {
              userId,
              username: `user${i}`,
              name,
              gender: null,
              phone: `13${String(100000000 + i).slice(-9)}`,
              email: `user${i}@district.gov.cn`,
              primaryPost: { unitId: `u${u}`, departmentId: `u${u}-d${i % 10}`, title: '科员', rank: '科员' },
              hiredAt: '2026-01-01',
            },
            ++pos,
            `user-${userId}`,
          ),
          t,
        );
        await p.apply(
          tx,
          ev(
            'ContactCardUpdated',
            {
              userId,
              officePhone: `0757-22${String(100000 + i).slice(-6)}`,
              mobile: null,
              email: null,
              room: `${i % 900}室`,
              updatedBy: 'bench',
              at: '2026-01-01',
            },
            ++pos,
            `contact-card-${userId}`,
          ),
          t,
        );
      }
    });
    const fill = performance.now() - t0;
    const viewer: Viewer = { userId: 'p7', unitId: 'u7', departmentId: 'u7-d7', mobileScope: 'unit', subtree: [] };
    const shapes: [string, () => { q?: string; unitId?: string; departmentIds?: string[] }][] = [
      ['拼音首字母（3 位，如 xwb）', () => ({ q: ['xwb', 'zgq', 'lwj', 'wfh', 'czy', 'hjx', 'ljm'][rand(7)] })],
      ['拼音首字母（2 位）', () => ({ q: ['xw', 'zg', 'lw', 'cz', 'hj'][rand(5)] })],
      ['姓名片段（文博）', () => ({ q: names[rand(names.length)].slice(1) })],
      ['办公电话片段', () => ({ q: `22${String(100000 + rand(PEOPLE)).slice(-6, -2)}` })],
      ['邮箱片段', () => ({ q: `user${rand(PEOPLE)}@` })],
      ['手机号码（本单位可见）', () => ({ q: `13${String(100000000 + rand(PEOPLE)).slice(-9)}` })],
      ['部门列表（第 1 页）', () => ({ unitId: `u${rand(units)}`, departmentIds: [`u${rand(units)}-d${rand(10)}`] })],
    ];
    const index = new PeopleIndex(db);
    const l0 = performance.now();
    await index.search({ q: 'x', page: 1, pageSize: 1 }, viewer);
    const load = performance.now() - l0;
    const rows: string[][] = [];
    const all: number[] = [];
    const sqlTimes: number[] = [];
    const allCpu: number[] = [];
    for (const [label, make] of shapes) {
      const times: number[] = [];
      const cpu: number[] = [];
      let hits = 0;
      for (let i = 0; i < RUNS; i++) {
        const f = make();
        const c0 = process.cpuUsage();
        const s = performance.now();
        const r = await index.search({ ...f, page: 1, pageSize: 30 }, viewer);
        times.push(performance.now() - s);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        hits += r.total;
      }
      all.push(...times);
      allCpu.push(...cpu);
      rows.push([label, ms(pct(times, 50)), ms(pct(times, 95)), ms(pct(times, 99)), ms(pct(cpu, 99)), (hits / RUNS).toFixed(1)]);
    }
    for (const [, make] of shapes)
      for (let i = 0; i < 10; i++) {
        const s2 = performance.now();
        await searchPeople(db, { ...make(), page: 1, pageSize: 30 }, viewer);
        sqlTimes.push(performance.now() - s2);
      }
    const p99 = pct(all, 99);
    console.log(
      `\n### bench:contacts — ${PEOPLE.toLocaleString('en-US')} people in ${units} units (SQLite read store; fill ${(fill / 1000).toFixed(1)} s)\n`,
    );
    console.log(
      `Machine load average at the start: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')} on ${cpus().length} cores (wall-clock tails include waiting for a core; CPU p99 is the work itself).\n`,
    );
    console.log('| query | p50 | p95 | p99 | CPU p99 | avg matches |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`| **all shapes** | ${ms(pct(all, 50))} | ${ms(pct(all, 95))} | **${ms(p99)}** | ${ms(pct(allCpu, 99))} | |`);
    console.log(
      `\nIndex (re)load after an org or card change: ${ms(load)}. For comparison, the same queries as a SQL LIKE scan (queries.ts searchPeople): p50 ${ms(pct(sqlTimes, 50))}, p99 ${ms(pct(sqlTimes, 99))}.`,
    );
    console.log(`\nTarget: address book search p99 < 20 ms at 50,000 people → ${p99 < 20 ? 'MET' : 'NOT MET'} (${ms(p99)}).`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
