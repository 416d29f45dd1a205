import { CommandHandler } from '../../commands/pipeline/handler';
import { fixedClock } from '../../commands/pipeline/clock';
import { DocumentCommands, type DocumentContext } from '../../commands/documents/document-commands';
import { documentNumberStreamId } from '../../domain/documents/numbering';
import { appendSignedDocument } from '../../commands/documents/testing';
import { instanceStreamId } from '../../domain/workflow/instance.events';
import type { EventStore } from '../../domain/eventstore/port';
import type { TestApp } from '../api/harness';
import { api, type Row } from './lib';

/**
 * Conflicts: two approvals of one task sent at once, `trials` times → exactly one 2xx each time, the
 * other a 409, and exactly one TaskApproved in the log for that task.
 */
export async function approvalRaces(t: TestApp, trials: number): Promise<Row> {
  const drafter = (await t.login('taoran')).accessToken;
  const leader = (await t.login('weijian')).accessToken;
  let exactlyOne = 0;
  const bad: string[] = [];
  const losers = new Map<number, number>();
  for (let i = 0; i < trials; i++) {
    const start = await api(t, drafter).post('/api/attendance/leave', {
      leaveType: '事假',
      startDate: '2026-12-07',
      startHalf: 'am',
      endDate: '2026-12-07',
      endHalf: 'pm',
      reason: `并发试验 ${i}`,
    });
    if (start.status !== 201) throw new Error(`start ${i}: ${start.status} ${JSON.stringify(start.body)}`);
    const processId = start.body.processId as string;
    const assigned = (await t.platform.store.readStream(instanceStreamId(processId))).find(
      (e) => e.type === 'TaskAssigned' && (e.data as { assignee: string }).assignee === 'wei-jian',
    );
    const taskId = (assigned!.data as { taskId: string }).taskId;
    const [a, b] = await Promise.all([
      api(t, leader).post(`/api/tasks/${taskId}/approve`, { opinion: '同意' }),
      api(t, leader).post(`/api/tasks/${taskId}/approve`, { opinion: '同意' }),
    ]);
    const ok = [a, b].filter((r) => r.status >= 200 && r.status < 300).length;
    const loser = [a, b].find((r) => r.status >= 300);
    if (loser) losers.set(loser.status, (losers.get(loser.status) ?? 0) + 1);
    const approved = (await t.platform.store.readStream(instanceStreamId(processId))).filter(
      (e) => e.type === 'TaskApproved' && (e.data as { taskId: string }).taskId === taskId,
    ).length;
    if (ok === 1 && approved === 1 && loser && loser.status < 500) exactlyOne++;
    else if (bad.length < 5) bad.push(`trial ${i}: ${a.status}/${b.status}, ${approved} TaskApproved`);
  }
  return {
    area: 'conflicts',
    check: 'two approvals of one task at once',
    figure: `${exactlyOne}/${trials} exactly one wins (losers: ${[...losers].map(([s, n]) => `${n}×${s}`).join(', ') || '-'})`,
    target: `${trials}/${trials}`,
    ok: exactlyOne === trials,
    notes: bad,
  };
}

const clock = fixedClock('2026-03-05T03:00:00.000Z');
const docCtx = (i: string): DocumentContext => ({
  actorId: 'yang-fan',
  actorName: '杨帆',
  unitId: 'czj',
  departmentId: 'czj-bgs',
  correlationId: `c-${i}`,
  commandId: `reg-${i}`,
  isOffice: true,
});

/** A signed 发文 ready for 登记编号 (appended as the 发文 flow would leave it). */
const signedDocument = (store: EventStore, id: string) => appendSignedDocument(store, id, clock.now());

/**
 * The gap-free 发文字号 register: per trial, two documents registered at once through two connections
 * (two API nodes) and one of them registered twice at once → the register holds exactly 1..2n, no
 * number shared or skipped, each document exactly one number.
 */
export async function numberRegisterRaces(stores: [EventStore, EventStore], trials: number, label: string): Promise<Row> {
  const commands = stores.map((s) => new DocumentCommands(new CommandHandler(s, { clock })));
  let good = 0;
  const bad: string[] = [];
  const run = Date.now().toString(36);
  for (let i = 0; i < trials; i++) {
    const a = `rel-${run}-${i}-a`;
    const b = `rel-${run}-${i}-b`;
    await signedDocument(stores[0], a);
    await signedDocument(stores[0], b);
    const r = await Promise.allSettled([
      commands[0].outgoing.registerNumber(a, docCtx(`${a}-1`)),
      commands[1].outgoing.registerNumber(a, docCtx(`${a}-2`)),
      commands[1].outgoing.registerNumber(b, docCtx(`${b}-1`)),
    ]);
    const numbers = r
      .filter((x) => x.status === 'fulfilled')
      .map((x) => (x as PromiseFulfilledResult<{ docNumber: string }>).value.docNumber);
    const sameForA = numbers.length === 3 ? numbers[0] === numbers[1] : true;
    if (sameForA && new Set(numbers).size === 2) good++;
    else if (bad.length < 5)
      bad.push(`trial ${i}: ${r.map((x) => (x.status === 'fulfilled' ? x.value.docNumber : String(x.reason))).join(' / ')}`);
  }
  const register = await stores[0].readStream(documentNumberStreamId('区财预', 2026));
  const held = register.map((e) => (e.data as { number: number }).number);
  const gapFree = held.every((n, i) => n === i + 1);
  const holders = new Set(register.map((e) => (e.data as { holderId: string }).holderId));
  const ok = good === trials && gapFree && holders.size === held.length && held.length === 2 * trials;
  return {
    area: 'conflicts',
    check: `gap-free number register (${label})`,
    figure: `${good}/${trials} trials right; register 1..${held.length}${gapFree ? ' gap-free' : ' WITH GAPS'}, ${holders.size} holders`,
    target: `${trials}/${trials}, 1..${2 * trials}`,
    ok,
    notes: bad,
  };
}
