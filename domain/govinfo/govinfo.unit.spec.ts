import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { govInfoReportDecider, type GovInfoAdopted, type GovInfoReportCommand, type GovInfoSubmitted } from './report';
import { DEFAULT_RULES, govInfoCallDecider, govInfoRulesDecider, type PointsRules } from './rules';

const T = '2026-03-02T01:00:00.000Z';
const md = (actorId: string, now = T) => ({ now, actorId, onBehalfOf: null, unitId: null });
const rules: PointsRules = { submitted: 1, adoptedDistrict: 3, adoptedCity: 5, endorsed: 15 };
const cmd = <C extends GovInfoReportCommand>(type: C['type'], data: C['data'], actor = 'li-wenjing', now = T) =>
  ({ type, data, metadata: md(actor, now) }) as C;
const submit = (over: Record<string, unknown> = {}) =>
  cmd(
    'SubmitGovInfo',
    {
      reportId: 'r1',
      title: '电子票据全覆盖',
      body: '正文',
      unitId: 'czj',
      submitterName: '许文博',
      receiverUnitId: 'qzfb',
      call: null,
      rules,
      ...over,
    },
    'staff',
  );
const submitted: GovInfoSubmitted = {
  type: 'GovInfoSubmitted',
  data: {
    reportId: 'r1',
    title: '电子票据全覆盖',
    body: '正文',
    unitId: 'czj',
    submitterId: 'staff',
    submitterName: '许文博',
    receiverUnitId: 'qzfb',
    callId: null,
    points: 1,
    at: T,
  },
};
const adopted = (level: 'district' | 'city' | 'endorsed', points: number): GovInfoAdopted => ({
  type: 'GovInfoAdopted',
  data: { reportId: 'r1', unitId: 'czj', level, note: '', points, reviewerId: 'li-wenjing', reviewerName: '李文静', at: T },
});

describe('报送', () => {
  it('records the submitting unit, the receiver and the points the rules give now', () => {
    spec(govInfoReportDecider).given([]).when(submit()).then([submitted]);
  });
  it("answering a call sends it to the call's unit; a closed or past call is refused", () => {
    const call = { callId: 'c1', unitId: 'qzfb', deadline: '2026-03-10', open: true };
    const [e] = spec(govInfoReportDecider)
      .given([])
      .when(submit({ receiverUnitId: '', call }))
      .then([{ ...submitted, data: { ...submitted.data, callId: 'c1' } }]);
    expect(e.type).toBe('GovInfoSubmitted');
    spec(govInfoReportDecider)
      .given([])
      .when(submit({ call: { ...call, open: false } }))
      .thenThrows('govinfo.call_closed');
    spec(govInfoReportDecider)
      .given([])
      .when(submit({ call: { ...call, deadline: '2026-03-01' } }))
      .thenThrows('govinfo.call_past');
  });
  it("refuses no title, no receiver and one's own unit as receiver", () => {
    expect(
      spec(govInfoReportDecider)
        .given([])
        .when(submit({ title: ' ' }))
        .thenThrows('govinfo.title_required').field,
    ).toBe('title');
    expect(
      spec(govInfoReportDecider)
        .given([])
        .when(submit({ receiverUnitId: '' }))
        .thenThrows('govinfo.receiver_required').field,
    ).toBe('receiverUnitId');
    spec(govInfoReportDecider)
      .given([])
      .when(submit({ receiverUnitId: 'czj' }))
      .thenThrows('govinfo.receiver_self');
  });
});

describe('审核: 采用 by level, 不予采用', () => {
  const adopt = (level: 'district' | 'city' | 'endorsed', asReviewer = true) =>
    cmd('AdoptGovInfo', { level, note: '', reviewerName: '李文静', asReviewer, rules });
  it('each level once, with its points; in any order', () => {
    spec(govInfoReportDecider)
      .given([submitted])
      .when(adopt('endorsed'))
      .then([adopted('endorsed', 15)]);
    spec(govInfoReportDecider)
      .given([submitted, adopted('district', 3)])
      .when(adopt('city'))
      .then([adopted('city', 5)]);
    spec(govInfoReportDecider)
      .given([submitted, adopted('district', 3)])
      .when(adopt('district'))
      .thenThrows('govinfo.level_recorded');
  });
  it('only a reviewer of the receiving unit', () => {
    spec(govInfoReportDecider).given([submitted]).when(adopt('district', false)).thenThrows('govinfo.not_reviewer');
    spec(govInfoReportDecider)
      .given([submitted])
      .when(cmd('EditGovInfo', { title: 'x', body: 'y', asReviewer: false }))
      .thenThrows('govinfo.not_reviewer');
  });
  it('不予采用 needs a reason; a rejected report cannot be adopted, an adopted one not rejected', () => {
    const reject = (reason: string) => cmd('RejectGovInfo', { reason, reviewerName: '李文静', asReviewer: true });
    expect(spec(govInfoReportDecider).given([submitted]).when(reject(' ')).thenThrows('govinfo.reason_required').field).toBe('reason');
    const rejected = spec(govInfoReportDecider)
      .given([submitted])
      .when(reject('重复'))
      .then([
        { type: 'GovInfoRejected', data: { reportId: 'r1', reason: '重复', reviewerId: 'li-wenjing', reviewerName: '李文静', at: T } },
      ]);
    spec(govInfoReportDecider)
      .given([submitted, ...rejected])
      .when(adopt('district'))
      .thenThrows('govinfo.rejected');
    spec(govInfoReportDecider)
      .given([submitted, adopted('district', 3)])
      .when(reject('x'))
      .thenThrows('govinfo.adopted');
  });
  it('the office edits the text (the event keeps the new one); unchanged text records nothing', () => {
    spec(govInfoReportDecider)
      .given([submitted])
      .when(cmd('EditGovInfo', { title: '新标题', body: '正文', asReviewer: true }))
      .then([{ type: 'GovInfoEdited', data: { reportId: 'r1', title: '新标题', body: '正文', editorId: 'li-wenjing', at: T } }]);
    spec(govInfoReportDecider)
      .given([submitted])
      .when(cmd('EditGovInfo', { title: '电子票据全覆盖', body: '正文', asReviewer: true }))
      .then([]);
  });
});

describe('积分规则 and 约稿', () => {
  it('rules are whole numbers 0–100; the default is 1 / 3 / 5 / 15', () => {
    expect(govInfoRulesDecider.initialState()).toEqual(DEFAULT_RULES);
    expect(
      spec(govInfoRulesDecider)
        .given([])
        .when({ type: 'SetGovInfoRules', data: { ...rules, endorsed: 101 }, metadata: md('li-wenjing') })
        .thenThrows('govinfo.points').field,
    ).toBe('endorsed');
    spec(govInfoRulesDecider)
      .given([])
      .when({ type: 'SetGovInfoRules', data: { ...rules, submitted: 2 }, metadata: md('li-wenjing') })
      .then([{ type: 'GovInfoRulesSet', data: { ...rules, submitted: 2, setBy: 'li-wenjing', at: T } }]);
  });
  it('a call needs a topic and a deadline not in the past; its office closes it', () => {
    const issue = (deadline: string) =>
      ({
        type: 'IssueGovInfoCall',
        data: { callId: 'c1', topic: '营商环境', description: '', deadline, unitId: 'qzfb', issuerName: '李文静' },
        metadata: md('li-wenjing'),
      }) as const;
    expect(spec(govInfoCallDecider).given([]).when(issue('2026-03-01')).thenThrows('govinfo.deadline_past').field).toBe('deadline');
    const issued = spec(govInfoCallDecider)
      .given([])
      .when(issue('2026-03-10'))
      .then([
        {
          type: 'GovInfoCallIssued',
          data: {
            callId: 'c1',
            topic: '营商环境',
            description: '',
            deadline: '2026-03-10',
            unitId: 'qzfb',
            issuerId: 'li-wenjing',
            issuerName: '李文静',
            at: T,
          },
        },
      ]);
    spec(govInfoCallDecider)
      .given(issued)
      .when({ type: 'CloseGovInfoCall', data: { asReviewer: false }, metadata: md('staff') })
      .thenThrows('govinfo.not_reviewer');
  });
});
