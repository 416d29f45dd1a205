import type { BalanceEvent, BalanceState } from '../../domain/attendance/balance.events';
import { available, carryOverLeft } from '../../domain/attendance/balance.events';
import { ANNUAL, COMP_TIME, HOURS_PER_DAY, LEAVE_TYPES } from '../../domain/attendance/rules';
import type { RecordedEvent } from '../../domain/eventstore/envelope';

/** 我的假期余额: one row per type that has a balance (年休假, 调休, capped types) plus the history that explains it. */
export function balanceView(personId: string, year: number, s: BalanceState, events: readonly RecordedEvent[]) {
  const rows = LEAVE_TYPES.filter((t) => t === ANNUAL || t === COMP_TIME || s.quotas[t] !== undefined || s.taken[t] || s.reserved[t]).map(
    (t) => {
      const entitled = t === ANNUAL ? (s.annual?.days ?? 0) : t === COMP_TIME ? s.compHoursEarned : (s.quotas[t] ?? null);
      return {
        leaveType: t,
        unit: t === COMP_TIME ? '小时' : '天',
        entitled,
        carryOver: t === ANNUAL && s.carryOver ? s.carryOver.days : 0,
        carryOverExpired: t === ANNUAL && s.carryOver ? s.carryOver.expired : 0,
        carryOverExpiresOn: t === ANNUAL && s.carryOver ? s.carryOver.expiresOn : null,
        carryOverLeft: t === ANNUAL ? carryOverLeft(s) : 0,
        reserved: s.reserved[t] ?? 0,
        taken: s.taken[t] ?? 0,
        available: available(s, t),
      };
    },
  );
  return {
    personId,
    year,
    annual: s.annual ? { days: s.annual.days, serviceYears: s.annual.serviceYears, basis: s.annual.basis } : null,
    hoursPerDay: HOURS_PER_DAY,
    rows,
    history: events.map((e) => historyLine(e)).reverse(),
  };
}

function historyLine(r: RecordedEvent) {
  const e = r as unknown as RecordedEvent & BalanceEvent;
  const base = { at: r.recordedAt, type: e.type, position: r.position, applicationId: null as string | null };
  switch (e.type) {
    case 'AnnualLeaveEntitled':
      return { ...base, leaveType: ANNUAL, change: e.data.days, label: '年休假核定', note: e.data.basis };
    case 'LeaveQuotaSet':
      return {
        ...base,
        leaveType: e.data.leaveType,
        change: e.data.days,
        label: '额度设定',
        note: `${e.data.leaveType}额度 ${e.data.days} 天`,
      };
    case 'CarryOverGranted':
      return {
        ...base,
        leaveType: ANNUAL,
        change: e.data.days,
        label: '上年结转',
        note: `上年未休 ${e.data.unusedLastYear} 天，结转上限 ${e.data.limit} 天，${e.data.expiresOn} 前有效`,
      };
    case 'CarryOverExpired':
      return { ...base, leaveType: ANNUAL, change: -e.data.days, label: '结转到期', note: `结转年休假于 ${e.data.expiresOn} 到期作废` };
    case 'LeaveDaysReserved':
      return {
        ...base,
        applicationId: e.data.applicationId,
        leaveType: e.data.leaveType,
        change: -amount(e.data.leaveType, e.data.days),
        label: '申请占用',
        note: '请假审批中，暂扣余额',
      };
    case 'LeaveDaysReleased':
      return {
        ...base,
        applicationId: e.data.applicationId,
        leaveType: e.data.leaveType,
        change: amount(e.data.leaveType, e.data.days),
        label: '退回余额',
        note: RELEASE_REASONS[e.data.reason] ?? e.data.reason,
      };
    case 'LeaveDaysTaken':
      return {
        ...base,
        applicationId: e.data.applicationId,
        leaveType: e.data.leaveType,
        change: 0,
        label: '审批通过',
        note: '占用转为已休',
      };
    case 'LeaveDaysAdjusted':
      return {
        ...base,
        applicationId: e.data.applicationId,
        leaveType: e.data.leaveType,
        change: -amount(e.data.leaveType, e.data.delta),
        label: '销假调整',
        note: e.data.delta < 0 ? `提前销假，退回 ${-e.data.delta} 天` : `续假，增加 ${e.data.delta} 天`,
      };
    case 'CompTimeEarned':
      return {
        ...base,
        applicationId: e.data.applicationId,
        leaveType: COMP_TIME,
        change: e.data.hours,
        label: '加班折算调休',
        note: `加班 ${e.data.hours} 小时`,
      };
    default:
      return { ...base, leaveType: '', change: 0, label: r.type, note: '' };
  }
}

const amount = (t: string, days: number) => (t === COMP_TIME ? days * HOURS_PER_DAY : days);
const RELEASE_REASONS: Record<string, string> = { rejected: '审批未同意', cancelled: '申请人撤回', terminated: '流程被终止' };

const BALANCE_ROW = {
  type: 'object',
  required: ['leaveType', 'unit', 'reserved', 'taken', 'available'],
  properties: {
    leaveType: { type: 'string' },
    unit: { type: 'string' },
    entitled: { type: ['number', 'null'] },
    carryOver: { type: 'number' },
    carryOverExpired: { type: 'number' },
    carryOverExpiresOn: { type: ['string', 'null'] },
    carryOverLeft: { type: 'number' },
    reserved: { type: 'number' },
    taken: { type: 'number' },
    available: { type: ['number', 'null'] },
  },
};

export const BALANCE_SCHEMA = {
  type: 'object',
  required: ['personId', 'year', 'rows', 'history'],
  properties: {
    personId: { type: 'string' },
    year: { type: 'integer' },
    annual: {
      type: ['object', 'null'],
      properties: { days: { type: 'number' }, serviceYears: { type: 'number' }, basis: { type: 'string' } },
    },
    hoursPerDay: { type: 'number' },
    rows: { type: 'array', items: BALANCE_ROW },
    history: {
      type: 'array',
      items: {
        type: 'object',
        required: ['at', 'type', 'label', 'change'],
        properties: {
          at: { type: 'string' },
          type: { type: 'string' },
          position: { type: 'number' },
          applicationId: { type: ['string', 'null'] },
          leaveType: { type: 'string' },
          change: { type: 'number' },
          label: { type: 'string' },
          note: { type: 'string' },
        },
      },
    },
  },
};

const APPLICATION_ITEM = {
  type: 'object',
  required: ['id', 'kind', 'kindLabel', 'personId', 'personName', 'status', 'statusLabel', 'startDate', 'endDate', 'summary'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    kindLabel: { type: 'string' },
    personId: { type: 'string' },
    personName: { type: 'string' },
    unitId: { type: 'string' },
    departmentId: { type: 'string' },
    processId: { type: 'string' },
    status: { type: 'string' },
    statusLabel: { type: 'string' },
    leaveType: { type: ['string', 'null'] },
    startDate: { type: 'string' },
    endDate: { type: 'string' },
    days: { type: ['number', 'null'] },
    hours: { type: ['number', 'null'] },
    summary: { type: 'string' },
    reason: { type: 'string' },
    requestedAt: { type: 'string' },
    decidedAt: { type: ['string', 'null'] },
    actualEndDate: { type: ['string', 'null'] },
    actualDays: { type: ['number', 'null'] },
    waitingAt: {
      type: 'array',
      items: { type: 'object', properties: { nodeName: { type: 'string' }, assignees: { type: 'array', items: { type: 'string' } } } },
    },
  },
};

export const APPLICATION_PAGE_SCHEMA = {
  type: 'object',
  required: ['items', 'total', 'page', 'pageSize'],
  properties: {
    items: { type: 'array', items: APPLICATION_ITEM },
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
  },
};

export const APPLICATION_DETAIL_SCHEMA = {
  type: 'object',
  required: ['application', 'allowedActions'],
  properties: {
    application: APPLICATION_ITEM,
    allowedActions: { type: 'array', items: { type: 'string' } },
    form: { type: 'object', additionalProperties: true },
  },
};

export const PREVIEW_SCHEMA = {
  type: 'object',
  required: ['days'],
  properties: { days: { type: 'number' }, available: { type: ['number', 'null'] }, unit: { type: 'string' }, amount: { type: 'number' } },
};
