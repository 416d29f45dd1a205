/**
 * 积分规则 (points rules) the receiving office sets, and 约稿 (calls for submissions). Streams
 * `govinfo-rules` and `govinfo-call-<id>`. Rules:
 *   R1 Points are whole numbers 0–100 per action: 报送, 区级采用, 市级采用, 领导批示. Default 1 / 3 / 5 / 15.
 *      A change applies to what happens afterwards (each event records the points it earned).
 *   R2 约稿: a topic (≤ 80), a description, a deadline date not before today; closed by its issuer's office.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';

export const RULES_STREAM = 'govinfo-rules';
export const callStreamId = (id: string) => `govinfo-call-${id}`;

export interface PointsRules {
  submitted: number;
  adoptedDistrict: number;
  adoptedCity: number;
  endorsed: number;
}
export const DEFAULT_RULES: PointsRules = { submitted: 1, adoptedDistrict: 3, adoptedCity: 5, endorsed: 15 };

export type GovInfoRulesSet = DomainEvent<'GovInfoRulesSet', PointsRules & { setBy: string; at: string }>;
export type SetGovInfoRules = Command<'SetGovInfoRules', PointsRules>;

export const govInfoRulesDecider: Decider<SetGovInfoRules, GovInfoRulesSet, PointsRules> = {
  initialState: () => ({ ...DEFAULT_RULES }),
  decide: (c, s) => {
    for (const k of ['submitted', 'adoptedDistrict', 'adoptedCity', 'endorsed'] as const) {
      const v = c.data[k];
      if (!Number.isInteger(v) || v < 0 || v > 100) throw new DomainError('invalid', 'govinfo.points', '积分须为 0–100 的整数', k);
    }
    const next = {
      submitted: c.data.submitted,
      adoptedDistrict: c.data.adoptedDistrict,
      adoptedCity: c.data.adoptedCity,
      endorsed: c.data.endorsed,
    };
    if (JSON.stringify(next) === JSON.stringify(s)) return [];
    return [{ type: 'GovInfoRulesSet', data: { ...next, setBy: c.metadata.onBehalfOf ?? c.metadata.actorId, at: c.metadata.now } }];
  },
  evolve: (_s, e) => ({
    submitted: e.data.submitted,
    adoptedDistrict: e.data.adoptedDistrict,
    adoptedCity: e.data.adoptedCity,
    endorsed: e.data.endorsed,
  }),
};

export type GovInfoCallIssued = DomainEvent<
  'GovInfoCallIssued',
  { callId: string; topic: string; description: string; deadline: string; unitId: string; issuerId: string; issuerName: string; at: string }
>;
export type GovInfoCallClosed = DomainEvent<'GovInfoCallClosed', { callId: string; closedBy: string; at: string }>;
export type GovInfoCallEvent = GovInfoCallIssued | GovInfoCallClosed;
export const GOVINFO_CALL_EVENT_TYPES = ['GovInfoCallIssued', 'GovInfoCallClosed'] as const satisfies readonly GovInfoCallEvent['type'][];

export type IssueGovInfoCall = Command<
  'IssueGovInfoCall',
  { callId: string; topic: string; description: string; deadline: string; unitId: string; issuerName: string }
>;
export type CloseGovInfoCall = Command<'CloseGovInfoCall', { asReviewer: boolean }>;
export type GovInfoCallCommand = IssueGovInfoCall | CloseGovInfoCall;

export interface GovInfoCallState {
  status: 'none' | 'open' | 'closed';
  callId: string;
  topic: string;
  description: string;
  deadline: string;
  unitId: string;
  issuerName: string;
}

export const govInfoCallDecider: Decider<GovInfoCallCommand, GovInfoCallEvent, GovInfoCallState> = {
  initialState: () => ({ status: 'none', callId: '', topic: '', description: '', deadline: '', unitId: '', issuerName: '' }),
  decide: (c, s) => {
    switch (c.type) {
      case 'IssueGovInfoCall': {
        if (s.status !== 'none') throw new DomainError('conflict', 'govinfo.call_exists', '约稿已存在');
        const d = c.data;
        const topic = (d.topic ?? '').trim();
        if (!topic) throw new DomainError('invalid', 'govinfo.topic_required', '请填写约稿主题', 'topic');
        if (topic.length > 80) throw new DomainError('invalid', 'govinfo.topic_too_long', '约稿主题不能超过 80 个字', 'topic');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d.deadline))
          throw new DomainError('invalid', 'govinfo.deadline', '截止日期须为 YYYY-MM-DD', 'deadline');
        if (d.deadline < c.metadata.now.slice(0, 10))
          throw new DomainError('invalid', 'govinfo.deadline_past', '截止日期不能早于今天', 'deadline');
        return [
          {
            type: 'GovInfoCallIssued',
            data: {
              callId: d.callId,
              topic,
              description: (d.description ?? '').trim(),
              deadline: d.deadline,
              unitId: d.unitId,
              issuerId: c.metadata.actorId,
              issuerName: d.issuerName,
              at: c.metadata.now,
            },
          },
        ];
      }
      case 'CloseGovInfoCall':
        if (s.status === 'none') throw new DomainError('not_found', 'govinfo.call_not_found', '约稿不存在');
        if (!c.data.asReviewer) throw new DomainError('forbidden', 'govinfo.not_reviewer', '只有约稿单位的信息审核人员可以结束约稿');
        if (s.status === 'closed') return [];
        return [{ type: 'GovInfoCallClosed', data: { callId: s.callId, closedBy: c.metadata.actorId, at: c.metadata.now } }];
      default:
        return assertNever(c);
    }
  },
  evolve: (s, e) => {
    switch (e.type) {
      case 'GovInfoCallIssued':
        return {
          status: 'open',
          callId: e.data.callId,
          topic: e.data.topic,
          description: e.data.description,
          deadline: e.data.deadline,
          unitId: e.data.unitId,
          issuerName: e.data.issuerName,
        };
      case 'GovInfoCallClosed':
        return { ...s, status: 'closed' };
      default:
        return assertNever(e);
    }
  },
};
