/**
 * `npm run bench:audit` — issue 19's targets for the auditor's console, on SQLite (the embedded store):
 *  - timeline of a stream with 10,000 events (read, merge, page of 50, moments for the slider): p99 < 100 ms
 *  - "what did X see" for a busy leader at a past time over the whole log: < 5 s (target log: 2.7M events)
 *  - verification of the log (chain + seals) plus the SM2-signed report: ≥ 100,000 events/s (target: 1M)
 * The log is built from real workflow events (the ProcessInstance decider, via domain/workflow/spec-support's
 * Flow) plus filler streams. BENCH_EVENTS sets its size (default 200,000: the machine is shared; the full
 * 2.7M takes long to generate here). Prints a markdown table and writes bench/results/audit-latest.md.
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSealKeyPair } from '../commands/integrity/seal';
import { signSeal } from '../commands/integrity/seal';
import { MerkleBuilder } from '../commands/integrity/merkle';
import { SEAL_EVENT_TYPE, SEAL_STREAM } from '../commands/integrity/seal';
import { createEventStore } from '../commands/store/factory';
import type { NewEvent } from '../domain/eventstore/envelope';
import { approval, chain, Flow } from '../domain/workflow/spec-support';
import { openReadStore } from '../projections/sql';
import { auditView } from '../api/audit/routes';
import { auditUserStreamsProjection, whatDidUserSee } from '../api/audit/seen';
import { auditIndexProjection, pageEvents, streamMoments } from '../api/audit/index-projection';
import { renderSignedReport, reportPayload } from '../reports/audit/signed-report';
import { verifyStore } from '../reports/audit/verify';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000);
const LEADER = 'leader';
const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${m}`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const meta = (actorId: string) => ({
  actorId,
  unitId: 'czj',
  correlationId: 'bench',
  occurredAt: new Date().toISOString(),
  clientIp: null,
});

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'oa-bench-audit-'));
  const store = await createEventStore(`sqlite:${join(dir, 'oa.db')}?synchronous=NORMAL`);
  const db = await openReadStore(`sqlite:${join(dir, 'read.db')}`);
  try {
    // 1. the log: a 10,000-event subject, workflow processes (1 in 3 led by the busy leader), filler
    const subject: NewEvent[] = Array.from({ length: 10_000 }, (_, i) => ({
      type: 'BenchSubjectChanged',
      data: { n: i, title: '关于基准测试的通知', field: `value-${i}` },
      metadata: meta('staff'),
    }));
    for (let i = 0; i < subject.length; i += 1000)
      await store.append('bench-subject-1', subject.slice(i, i + 1000), { expectedRevision: 'any' });
    let events = 10_000;
    const def = chain('bench', [approval('lead'), approval('boss')]);
    let processes = 0;
    const processShare = Math.floor(TOTAL * 0.4);
    let midAt = '';
    while (events < 10_000 + processShare) {
      const lead = processes % 3 === 0 ? LEADER : `lead-${processes % 50}`;
      const f = new Flow();
      f.start(def, { lead: [lead], boss: ['boss'] }, { days: 2 }, { instanceId: `b${processes}` });
      // the leader leaves one in twenty open (待办); the others are decided at once (已办)
      if (lead === LEADER ? processes % 60 !== 3 : processes % 3 !== 1) {
        f.approve(lead);
        if (processes % 2 === 0) f.approve('boss');
      }
      await store.append(
        `process-b${processes}`,
        f.history.map((e) => ({ type: e.type, data: e.data, metadata: meta('staff') })),
        { expectedRevision: 'any' },
      );
      events += f.history.length;
      processes++;
      if (!midAt && events > 10_000 + processShare / 2) midAt = new Date().toISOString();
    }
    let filler = 0;
    while (events < TOTAL) {
      const n = Math.min(500, TOTAL - events);
      await store.append(
        `filler-${filler++}`,
        Array.from({ length: n }, (_, i) => ({ type: 'BenchFiller', data: { i, text: '填充事件' }, metadata: meta('staff') })),
        { expectedRevision: 'any' },
      );
      events += n;
      if (filler % 100 === 0) log(`${events} events`);
    }
    // seals over the whole log, as the sealer would write them (one per 50,000 positions)
    const key = generateSealKeyPair();
    const head = await store.headPosition();
    for (let from = 1; from <= head; from += 50_000) {
      const to = Math.min(head, from + 49_999);
      const m = new MerkleBuilder();
      let count = 0;
      for (let c = from; c <= to;) {
        const page = await store.readAll({ fromPosition: c, limit: 5000 });
        const inRange = page.filter((e) => e.position <= to);
        for (const e of inRange) m.add(e.hash);
        count += inRange.length;
        if (!page.length || page[page.length - 1]!.position >= to) break;
        c = page[page.length - 1]!.position + 1;
      }
      await store.append(
        SEAL_STREAM,
        [
          {
            type: SEAL_EVENT_TYPE,
            data: signSeal({ fromPosition: from, toPosition: to, count, merkleRoot: m.root() }, key),
            metadata: meta('system'),
          },
        ],
        { expectedRevision: 'any' },
      );
    }
    const total = await store.headPosition();
    log(`log built: ${total} events, ${processes} processes`);

    // the "who had a task where" index, as the projection engine fills it
    await auditUserStreamsProjection.setup(db, (l) => l);
    await auditIndexProjection.setup(db, (l) => l);
    await db.transaction(async (tx) => {
      for (let c = 1; ;) {
        const page = await store.readAll({ fromPosition: c, limit: 5000 });
        if (!page.length) break;
        for (const e of page) {
          await auditIndexProjection.apply(tx, e, (l) => l);
          if (e.streamId.startsWith('process-')) await auditUserStreamsProjection.apply(tx, e, (l) => l);
        }
        c = page[page.length - 1]!.position + 1;
      }
    });
    log('index built');

    // 2. timeline of the 10,000-event stream
    const tl: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      // as GET /api/audit/subjects/:id/timeline: the moments from the audit index, the page's events from the store
      const moments = await streamMoments(db, ['bench-subject-1']);
      const page = (await pageEvents(store, moments, 0, 50)).map(auditView);
      JSON.stringify({ moments, page });
      tl.push(performance.now() - t0);
    }
    log('timeline measured');

    // 3. what did the leader see at a past time
    const seen: number[] = [];
    let seenTodo = 0;
    let seenDone = 0;
    let replayed = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await whatDidUserSee(db, store, LEADER, midAt);
      seen.push(performance.now() - t0);
      seenTodo = r.todo.length;
      seenDone = r.done.length;
      replayed = r.processesReplayed;
    }
    log('seen measured');

    // 4. verification + signed report
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const report = await verifyStore(store, { trustedPublicKey: key.publicKey });
    const pdf = await renderSignedReport(reportPayload(report, { userId: 'auditor', name: '审计员' }, new Date()), key);
    const verifyMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuRate = Math.round(report.events / ((cpu.user + cpu.system) / 1e6));
    if (!report.ok) throw new Error(`verification failed: ${report.firstProblem?.message}`);
    log('verification measured');

    const rate = Math.round(report.events / (verifyMs / 1000));
    const lines = [
      `| measure | result | target | |`,
      `| --- | --- | --- | --- |`,
      `| timeline of a 10,000-event stream (p50 / p99, 100 runs) | ${pct(tl, 50).toFixed(1)} ms / ${pct(tl, 99).toFixed(1)} ms | p99 < 100 ms | ${pct(tl, 99) < 100 ? '✅' : '❌'} |`,
      `| "what did X see" for the leader at a past time (${replayed} processes replayed, ${seenTodo} 待办 / ${seenDone} 已办; log ${total.toLocaleString('en')} events) | ${Math.max(...seen).toFixed(0)} ms (worst of 3) | < 5 s over 2.7M | ${Math.max(...seen) < 5000 ? '✅' : '❌'} |`,
      `| verification of ${report.events.toLocaleString('en')} events (${report.seals} seals) + SM2-signed PDF (${(pdf.length / 1024).toFixed(0)} kB) | ${(verifyMs / 1000).toFixed(1)} s = ${rate.toLocaleString('en')} events/s wall (${cpuRate.toLocaleString('en')} per CPU-second) | ≥ 100,000 events/s over 1M | ${rate >= 100_000 ? '✅' : '❌'} |`,
    ];
    const text = [
      `bench:audit — SQLite, log of ${total.toLocaleString('en')} events (BENCH_EVENTS=${TOTAL}); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
      '',
      ...lines,
    ].join('\n');
    console.log(`\n${text}\n`);
    mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
    writeFileSync(join(process.cwd(), 'bench', 'results', 'audit-latest.md'), `${text}\n`);
  } finally {
    await store.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
