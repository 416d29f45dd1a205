/**
 * 出国境 (travel abroad): the three entries the spec names, their process definitions and the
 * custody rules of 证照.
 *
 * Each entry has its own process definition (one per business form), all of one shape:
 *
 *   申请 → 单位初审 (the applicant's unit head)
 *        → 职级判断: applicant.rank >= '副处' → 区分管领导审核 (the district's charge leaders); otherwise on
 *        → 外事审核 (the 外事 function) → 组织人事审核 (the 组织/人事 function)
 *        → 审批领导判断: to 区主要领导审批 (the district's head) when the destination is a sensitive
 *          country or region, or the applicant's rank reaches the entry's threshold (正处; 副处 for
 *          特殊出入境); otherwise 区分管领导审批
 *        → 结束.
 *
 * The approvers of every human node are decided per application by `abroadApprovers`
 * (recipients.ts) from org facts and recorded in the application's Submitted event and in the
 * process's ProcessStarted.assignments; the rules written in the definition are what an admin reads.
 */
import { isRank, rankAtLeast } from '../org';
import type { FormField, ProcessDefinitionBody } from '../workflow';

export const ABROAD_SUBJECT_TYPE = 'abroad-application';

/** 三个入口 (the spec's names). */
export const ABROAD_ENTRIES = ['公职人员出国(赴港澳)', '出入境', '特殊出入境'] as const;
export type AbroadEntry = (typeof ABROAD_ENTRIES)[number];
export const isAbroadEntry = (x: unknown): x is AbroadEntry => typeof x === 'string' && (ABROAD_ENTRIES as readonly string[]).includes(x);

/** The process definition key of each entry. */
export const ABROAD_DEFINITION_KEYS: Record<AbroadEntry, string> = {
  '公职人员出国(赴港澳)': 'abroad-official',
  出入境: 'abroad-private',
  特殊出入境: 'abroad-special',
};

export const DOCUMENT_TYPES = ['因公护照', '因私护照', '往来港澳通行证', '往来台湾通行证'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const DESTINATION_TYPES = ['港澳台', '其他国家和地区', '敏感国家和地区'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/**
 * 证照归还期限: 回国（入境）后交回证照的天数 (calendar days after the 入境 date): 7 for 因公出国(赴港澳)
 * (因公证照集中管理), 10 for 因私出入境 and 特殊出入境.
 */
export const RETURN_DAYS: Record<AbroadEntry, number> = { '公职人员出国(赴港澳)': 7, 出入境: 10, 特殊出入境: 10 };

export const ABROAD_NODES = {
  start: 'start',
  unitHead: 'unit-head',
  districtReview: 'district-review',
  foreignAffairs: 'foreign-affairs',
  personnel: 'personnel',
  chargeLeader: 'charge-leader',
  chiefLeader: 'chief-leader',
} as const;
export type AbroadHumanNode = Exclude<(typeof ABROAD_NODES)[keyof typeof ABROAD_NODES], 'start'>;

/** The rank from which the final approval is the district head's (区主要领导). */
export const CHIEF_RANK: Record<AbroadEntry, string> = { '公职人员出国(赴港澳)': '正处', 出入境: '正处', 特殊出入境: '副处' };

/**
 * The approval levels an application passes, in order — the same rules as the definition's
 * conditions (职级判断, 审批领导判断): 单位初审; 区分管领导审核 from 副处; 外事审核; 组织人事审核; then
 * 区主要领导审批 for a sensitive destination or from the entry's CHIEF_RANK, else 区分管领导审批.
 */
export function abroadLevels(entry: AbroadEntry, rank: string, destinationType: string): AbroadHumanNode[] {
  const at = (r: string) => isRank(rank) && isRank(r) && rankAtLeast(rank, r);
  const N = ABROAD_NODES;
  return [
    N.unitHead,
    ...(at('副处') ? [N.districtReview] : []),
    N.foreignAffairs,
    N.personnel,
    destinationType === '敏感国家和地区' || at(CHIEF_RANK[entry]) ? N.chiefLeader : N.chargeLeader,
  ];
}

/** The workflow form (the engine validates it on start and resubmit, contract B constraints). */
export function abroadFormFields(entry: AbroadEntry): FormField[] {
  return [
    { name: 'reason', label: '申请事由', type: 'text', required: true, minLength: 2, maxLength: 500 },
    { name: 'docType', label: '证件类型', type: 'enum', required: true, options: [...DOCUMENT_TYPES] },
    { name: 'docNumber', label: '证件号码', type: 'string', required: true, pattern: '[A-Z0-9]{6,20}' },
    { name: 'docValidUntil', label: '证件有效期至', type: 'date', required: true, notBefore: 'returnDate' },
    { name: 'destinations', label: '出访国家/地区', type: 'string', required: true, minLength: 2, maxLength: 200 },
    { name: 'destinationType', label: '目的地类别', type: 'enum', required: true, options: [...DESTINATION_TYPES] },
    {
      name: 'task',
      label: '出访任务',
      type: 'text',
      required: entry === '公职人员出国(赴港澳)',
      maxLength: 1000,
      ...(entry === '公职人员出国(赴港澳)' ? {} : { requiredIf: { field: 'destinationType', equals: '敏感国家和地区' } }),
    },
    { name: 'departDate', label: '出境时间', type: 'date', required: true },
    { name: 'returnDate', label: '入境时间', type: 'date', required: true, notBefore: 'departDate' },
    { name: 'days', label: '在外天数', type: 'number', required: true, min: 1, max: 365 },
    { name: 'members', label: '团组成员', type: 'string', required: false, maxLength: 500 },
  ];
}

const NAMES: Record<AbroadEntry, { name: string; description: string }> = {
  '公职人员出国(赴港澳)': {
    name: '公职人员出国(赴港澳)审批',
    description: '公职人员因公出国（赴港澳）：单位初审 → 按职级报区分管领导 → 外事、组织人事审核 → 区领导审批。',
  },
  出入境: { name: '因私出入境审批', description: '登记备案人员因私出入境：单位初审 → 外事、组织人事审核 → 区领导审批。' },
  特殊出入境: {
    name: '特殊出入境审批',
    description: '涉密人员、敏感地区等特殊出入境：副处级及以上报区主要领导审批。',
  },
};

export function abroadDefinition(entry: AbroadEntry): ProcessDefinitionBody {
  const N = ABROAD_NODES;
  return {
    key: ABROAD_DEFINITION_KEYS[entry],
    name: NAMES[entry].name,
    kind: '出国境',
    description: NAMES[entry].description,
    formFields: abroadFormFields(entry),
    nodes: [
      { id: N.start, name: '申请', kind: 'start' },
      // resolved per application (recipients.ts): the applicant's unit head
      { id: N.unitHead, name: '单位初审', kind: 'approval', approvers: [{ type: 'leaderChain', levels: 2 }], timeLimitDays: 3 },
      { id: 'rank-check', name: '职级判断', kind: 'condition' },
      // the district's charge leaders (区政府领导 other than the head)
      { id: N.districtReview, name: '区分管领导审核', kind: 'anyOf', approvers: [{ type: 'role', role: 'leader' }], timeLimitDays: 3 },
      // the 外事 and 组织/人事 functions (the district's settings)
      { id: N.foreignAffairs, name: '外事审核', kind: 'anyOf', approvers: [{ type: 'role', role: 'office_admin' }], timeLimitDays: 3 },
      { id: N.personnel, name: '组织人事审核', kind: 'anyOf', approvers: [{ type: 'role', role: 'hr_admin' }], timeLimitDays: 3 },
      { id: 'leader-check', name: '审批领导判断', kind: 'condition' },
      { id: N.chargeLeader, name: '区分管领导审批', kind: 'anyOf', approvers: [{ type: 'role', role: 'leader' }], timeLimitDays: 3 },
      { id: N.chiefLeader, name: '区主要领导审批', kind: 'approval', approvers: [{ type: 'role', role: 'leader' }], timeLimitDays: 3 },
      { id: 'end', name: '结束', kind: 'end' },
    ],
    edges: [
      { from: N.start, to: N.unitHead },
      { from: N.unitHead, to: 'rank-check' },
      { from: 'rank-check', to: N.districtReview, condition: "applicant.rank >= '副处'" },
      { from: 'rank-check', to: N.foreignAffairs, isDefault: true },
      { from: N.districtReview, to: N.foreignAffairs },
      { from: N.foreignAffairs, to: N.personnel },
      { from: N.personnel, to: 'leader-check' },
      {
        from: 'leader-check',
        to: N.chiefLeader,
        condition: `destinationType == '敏感国家和地区' || applicant.rank >= '${CHIEF_RANK[entry]}'`,
      },
      { from: 'leader-check', to: N.chargeLeader, isDefault: true },
      { from: N.chargeLeader, to: 'end' },
      { from: N.chiefLeader, to: 'end' },
    ],
  };
}

export const ABROAD_DEFINITIONS = (): ProcessDefinitionBody[] => ABROAD_ENTRIES.map(abroadDefinition);

/** 'YYYY-MM-DD' + n calendar days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` inclusive ('YYYY-MM-DD'). */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * When a 证照 taken for a trip must be back: the end of the RETURN_DAYS-th day after the 入境 date,
 * Asia/Shanghai (= 16:00 UTC of that day).
 */
export function passportDueBack(entry: AbroadEntry, returnDate: string): string {
  return `${addDays(returnDate, RETURN_DAYS[entry])}T16:00:00.000Z`;
}

/** The Asia/Shanghai date of an instant. */
export function shanghaiDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}
