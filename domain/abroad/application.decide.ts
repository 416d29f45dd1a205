/**
 * 出国境申请 decider.
 *
 * Rules
 *   A1 An application is submitted once, by the applicant (or someone acting for them), with the
 *      entry, 申请事由, 证件信息, 出访行程 (1–20 stops), 出访任务, 出境/入境时间 and 团组成员.
 *   A2 Dates: 入境 is not before 出境; 出境 is not in the past (Asia/Shanghai); every stop lies within
 *      出境–入境 and ends no earlier than it starts; a trip lasts at most 365 days. `days` is computed
 *      from the dates.
 *   A3 The 证件 must be valid at least until 入境; 因公护照 is for 公职人员出国(赴港澳) only and 因私
 *      documents are not (因公出访须持因公证照).
 *   A4 A sensitive destination needs 出访任务 whatever the entry.
 *   A5 Every approval level the rules require (flow.ts abroadLevels: by rank and destination) has at
 *      least one approver (decided by abroadApprovers, recipients.ts).
 *   A6 The outcome of its approval process is recorded once: approved, or rejected/terminated/
 *      cancelled; an outcome for another process is refused; a repeat is ignored.
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import {
  evolveAbroadApplication,
  initialAbroadApplicationState,
  type AbroadApplicationEvent,
  type AbroadApplicationState,
  type AbroadApplicationSubmitted,
} from './application.events';
import { abroadLevels, daysInclusive, shanghaiDate } from './flow';

export type SubmitAbroadApplication = Command<'SubmitAbroadApplication', Omit<AbroadApplicationSubmitted['data'], 'at' | 'days'>>;
export type RecordAbroadApprovalOutcome = Command<
  'RecordAbroadApprovalOutcome',
  { processId: string; outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled'; actorId: string; opinion: string; at: string }
>;
export type AbroadApplicationCommand = SubmitAbroadApplication | RecordAbroadApprovalOutcome;

const invalid = (code: string, message: string, field: string) => new DomainError('invalid', `abroad.${code}`, message, field);

export function submitAbroadApplication(cmd: SubmitAbroadApplication, s: AbroadApplicationState): AbroadApplicationEvent[] {
  if (s.status !== 'none') throw new DomainError('conflict', 'abroad.already_submitted', '该申请已提交');
  const d = cmd.data;
  const md = cmd.metadata;
  if ((md.onBehalfOf ?? md.actorId) !== d.applicant.userId)
    throw new DomainError('forbidden', 'abroad.not_applicant', '只能为本人提交出国（境）申请', 'applicant');
  const today = shanghaiDate(md.now);
  // A2
  if (d.returnDate < d.departDate) throw invalid('return_before_depart', '入境时间不能早于出境时间', 'returnDate');
  if (d.departDate < today) throw invalid('depart_in_past', '出境时间不能早于今天', 'departDate');
  const days = daysInclusive(d.departDate, d.returnDate);
  if (days > 365) throw invalid('too_long', '在外时间不能超过 365 天', 'returnDate');
  if (d.itinerary.length === 0 || d.itinerary.length > 20) throw invalid('itinerary', '请填写 1–20 个出访国家/地区', 'itinerary');
  d.itinerary.forEach((x, i) => {
    if (x.leaveDate < x.arriveDate)
      throw invalid('stop_order', `行程第 ${i + 1} 站的离开日期不能早于抵达日期`, `itinerary[${i}].leaveDate`);
    if (x.arriveDate < d.departDate || x.leaveDate > d.returnDate)
      throw invalid('stop_outside', `行程第 ${i + 1} 站须在出境与入境时间之间`, `itinerary[${i}].arriveDate`);
  });
  // A3
  if (d.document.validUntil < d.returnDate)
    throw invalid('document_expires', '证件有效期须覆盖入境时间，请先换发证件', 'document.validUntil');
  const official = d.entry === '公职人员出国(赴港澳)';
  if (d.document.type === '因公护照' && !official)
    throw invalid('document_type', '因公护照只用于公职人员因公出国(赴港澳)', 'document.type');
  if (d.document.type === '因私护照' && official) throw invalid('document_type', '因公出访须持因公证照', 'document.type');
  // A4
  if ((official || d.destinationType === '敏感国家和地区') && !d.task.trim()) throw invalid('task_required', '请填写出访任务', 'task');
  // A5
  for (const node of abroadLevels(d.entry, d.applicant.rank, d.destinationType)) {
    if (!d.approvers[node]?.length)
      throw new DomainError('rule', 'abroad.no_approver', '审批环节找不到审批人，请联系管理员', `approvers.${node}`);
  }
  return [{ type: 'AbroadApplicationSubmitted', data: { ...d, days, at: md.now } }];
}

export function recordAbroadApprovalOutcome(cmd: RecordAbroadApprovalOutcome, s: AbroadApplicationState): AbroadApplicationEvent[] {
  if (s.status === 'none') throw new DomainError('not_found', 'abroad.not_found', '申请不存在');
  const d = cmd.data;
  if (d.processId !== s.processId) throw new DomainError('rule', 'abroad.process_mismatch', '审批流程与申请不符');
  if (s.status !== 'in_review') return []; // A6: recorded already
  if (d.outcome === 'approved')
    return [
      {
        type: 'AbroadApplicationApproved',
        data: { applicationId: s.applicationId, processId: d.processId, actorId: d.actorId, opinion: d.opinion, at: d.at },
      },
    ];
  return [
    {
      type: 'AbroadApplicationEnded',
      data: {
        applicationId: s.applicationId,
        processId: d.processId,
        outcome: d.outcome,
        actorId: d.actorId,
        opinion: d.opinion,
        at: d.at,
      },
    },
  ];
}

export function decideAbroadApplication(cmd: AbroadApplicationCommand, s: AbroadApplicationState): AbroadApplicationEvent[] {
  switch (cmd.type) {
    case 'SubmitAbroadApplication':
      return submitAbroadApplication(cmd, s);
    case 'RecordAbroadApprovalOutcome':
      return recordAbroadApprovalOutcome(cmd, s);
    default:
      return assertNever(cmd);
  }
}

export const abroadApplicationDecider: Decider<AbroadApplicationCommand, AbroadApplicationEvent, AbroadApplicationState> = {
  initialState: initialAbroadApplicationState,
  decide: decideAbroadApplication,
  evolve: evolveAbroadApplication,
};
