import { describe, expect, it } from 'vitest';
import { Flow, approval, chain, md } from '../../domain/workflow/spec-support';
import type { HistoryRow } from '../../projections/inbox/queries';
import { processView } from './process-view';

/** The 办文日志 rows as the history projection keeps them, from the instance's own log. */
function historyOf(f: Flow): HistoryRow[] {
  return f.state.log.map((l) => ({
    position: l.seq,
    at: l.at,
    nodeId: l.nodeId,
    nodeName: l.nodeName,
    action: l.action,
    actorId: l.actorId,
    onBehalfOf: l.onBehalfOf,
    opinion: l.opinion,
    detail: l.detail ?? null,
    signature: null,
  }));
}
const NAMES: Record<string, string> = { ua: '甲', ub: '乙', uc: '丙', drafter: '许文博' };
const name = (u: string | null | undefined) => (u ? (NAMES[u] ?? u) : '');
const states = (f: Flow) =>
  Object.fromEntries(processView(f.state, historyOf(f), 'drafter', f.now, name).nodes.map((n) => [n.id, n.state]));

describe('the diagram of a 退回 loop (issue 13)', () => {
  it('丙 returns to 甲: 甲 handles it again, 乙 (approved before) reads redo, 丙 reads returned — none 未开始', () => {
    const f = new Flow();
    f.start(chain('three', [approval('a'), approval('b'), approval('c')]), { a: ['ua'], b: ['ub'], c: ['uc'] });
    f.approve('ua');
    f.approve('ub');
    f.when({ type: 'ReturnTask', metadata: md('uc'), data: { taskId: f.taskOf('uc'), toNodeId: 'a', opinion: '请重新审核' } });
    expect(f.state.nodes).toMatchObject({ a: 'current', b: 'pending', c: 'pending' }); // the engine's own drawing
    expect(states(f)).toMatchObject({ a: 'current', b: 'redo', c: 'returned' });
    const b = processView(f.state, historyOf(f), 'drafter', f.now, name).nodes.find((n) => n.id === 'b')!;
    expect(b.note).toContain('乙');
  });

  it('丙 returns to the drafter: the approvals before 丙 stand (done), 丙 reads returned; after 重新提交 丙 is current', () => {
    const f = new Flow();
    f.start(chain('three', [approval('a'), approval('b'), approval('c')]), { a: ['ua'], b: ['ub'], c: ['uc'] });
    f.approve('ua');
    f.approve('ub');
    f.when({ type: 'ReturnTask', metadata: md('uc'), data: { taskId: f.taskOf('uc'), toNodeId: 'drafter', opinion: '请补充' } });
    expect(states(f)).toMatchObject({ a: 'done', b: 'done', c: 'returned' });
    f.when({ type: 'Resubmit', metadata: md('drafter'), data: {} });
    expect(states(f)).toMatchObject({ a: 'done', b: 'done', c: 'current' });
  });
});
