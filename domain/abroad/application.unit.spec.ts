import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider';
import { validateDefinition, validateForm } from '../workflow';
import { decideAbroadApplication, type SubmitAbroadApplication } from './application.decide';
import { evolveAbroadApplication, initialAbroadApplicationState, type AbroadApplicationEvent } from './application.events';
import { ABROAD_DEFINITIONS, abroadDefinition, abroadLevels, passportDueBack } from './flow';
import { abroadApprovers } from './recipients';

const NOW = '2026-03-02T01:00:00.000Z'; // Monday 09:00 Shanghai
const md = (actorId = 'taoran', now = NOW) => ({ actorId, now });
const approvers = { 'unit-head': ['caojun'], 'foreign-affairs': ['liwenjing'], personnel: ['yanqing'], 'charge-leader': ['qianhui'] };
const submit = (over: Partial<SubmitAbroadApplication['data']> = {}): SubmitAbroadApplication => ({
  type: 'SubmitAbroadApplication',
  metadata: md(),
  data: {
    applicationId: 'a1',
    entry: '公职人员出国(赴港澳)',
    applicant: { userId: 'taoran', name: '陶然', unitId: 'rsj', departmentId: 'rsj-jyk', rank: '科员', title: '科员' },
    reason: '参加就业服务交流',
    document: { type: '因公护照', number: 'E12345678', validUntil: '2030-01-01' },
    itinerary: [
      { region: '新加坡', arriveDate: '2026-04-01', leaveDate: '2026-04-04' },
      { region: '马来西亚', arriveDate: '2026-04-04', leaveDate: '2026-04-06' },
    ],
    destinationType: '其他国家和地区',
    task: '考察公共就业服务',
    departDate: '2026-04-01',
    returnDate: '2026-04-06',
    members: ['陶然', '金悦'],
    processId: 'p1',
    approvers,
    ...over,
  },
});
const refused = (cmd: SubmitAbroadApplication) => {
  try {
    decideAbroadApplication(cmd, initialAbroadApplicationState());
  } catch (e) {
    return e as { code: string; field: string; kind: string };
  }
  throw new Error('expected a refusal');
};
const stateOf = (events: AbroadApplicationEvent[]) => fold(evolveAbroadApplication, initialAbroadApplicationState(), events);

describe('出国境 definitions', () => {
  it('the three entries publish (validated as an admin would) with their conditions', () => {
    for (const d of ABROAD_DEFINITIONS()) expect(validateDefinition(d), d.key).toEqual([]);
    expect(ABROAD_DEFINITIONS().map((d) => d.key)).toEqual(['abroad-official', 'abroad-private', 'abroad-special']);
  });
  it('the form refuses nonsense with the field: 入境 before 出境, a 证件 expiring before 入境, days 0', () => {
    const f = abroadDefinition('出入境').formFields;
    const ok = {
      reason: '探亲',
      docType: '往来港澳通行证',
      docNumber: 'C12345678',
      docValidUntil: '2030-01-01',
      destinations: '香港',
      destinationType: '港澳台',
      departDate: '2026-04-01',
      returnDate: '2026-04-03',
      days: 3,
    };
    expect(validateForm(f, ok)).toEqual([]);
    expect(validateForm(f, { ...ok, returnDate: '2026-03-30' }).map((e) => e.field)).toEqual(['form.returnDate']);
    expect(validateForm(f, { ...ok, docValidUntil: '2026-04-02' }).map((e) => e.field)).toEqual(['form.docValidUntil']);
    expect(validateForm(f, { ...ok, days: 0 }).map((e) => e.field)).toEqual(['form.days']);
    expect(validateForm(f, { ...ok, docNumber: 'c-1' }).map((e) => e.field)).toEqual(['form.docNumber']);
    // 敏感国家和地区 requires 出访任务 on the private entries too
    expect(validateForm(f, { ...ok, destinationType: '敏感国家和地区' }).map((e) => e.field)).toEqual(['form.task']);
  });
});

describe('submit (A1–A5)', () => {
  it('Given nothing, When the applicant submits, Then Submitted with the computed days and the approvers recorded', () => {
    const [e] = decideAbroadApplication(submit(), initialAbroadApplicationState());
    expect(e.type).toBe('AbroadApplicationSubmitted');
    expect(e.data).toMatchObject({ days: 6, approvers, at: NOW, processId: 'p1' });
    expect(stateOf([e])).toMatchObject({ status: 'in_review', submittedAt: NOW });
  });
  it('refuses someone else submitting, and a second submission', () => {
    expect(refused({ ...submit(), metadata: md('other') })).toMatchObject({ kind: 'forbidden', code: 'abroad.not_applicant' });
    const s = stateOf(decideAbroadApplication(submit(), initialAbroadApplicationState()));
    expect(() => decideAbroadApplication(submit(), s)).toThrow(/已提交/);
  });
  it('A2: dates — 入境 before 出境, 出境 in the past, a stop outside the trip', () => {
    expect(refused(submit({ returnDate: '2026-03-31' }))).toMatchObject({ field: 'returnDate' });
    expect(
      refused(submit({ departDate: '2026-03-01', itinerary: [{ region: '新加坡', arriveDate: '2026-03-01', leaveDate: '2026-03-02' }] })),
    ).toMatchObject({
      field: 'departDate',
    });
    expect(refused(submit({ itinerary: [{ region: '新加坡', arriveDate: '2026-03-30', leaveDate: '2026-04-02' }] }))).toMatchObject({
      field: 'itinerary[0].arriveDate',
    });
    expect(refused(submit({ itinerary: [] }))).toMatchObject({ field: 'itinerary' });
  });
  it('A3: the 证件 covers the trip and fits the entry', () => {
    expect(refused(submit({ document: { type: '因公护照', number: 'E12345678', validUntil: '2026-04-05' } }))).toMatchObject({
      field: 'document.validUntil',
    });
    expect(refused(submit({ document: { type: '因私护照', number: 'E12345678', validUntil: '2030-01-01' } }))).toMatchObject({
      field: 'document.type',
    });
    expect(refused(submit({ entry: '出入境' }))).toMatchObject({ field: 'document.type' });
  });
  it('A4/A5: 出访任务 for official trips; every level needs an approver', () => {
    expect(refused(submit({ task: ' ' }))).toMatchObject({ field: 'task' });
    expect(refused(submit({ approvers: { ...approvers, personnel: [] } }))).toMatchObject({
      code: 'abroad.no_approver',
      field: 'approvers.personnel',
    });
  });
});

describe('approval outcome (A6)', () => {
  const submitted = decideAbroadApplication(submit(), initialAbroadApplicationState());
  const rec = (outcome: 'approved' | 'rejected', processId = 'p1') => ({
    type: 'RecordAbroadApprovalOutcome' as const,
    metadata: md('system'),
    data: { processId, outcome, actorId: 'qianhui', opinion: '同意', at: NOW },
  });
  it('Given in review, When the process completes, Then approved once; a repeat is nothing; another process is refused', () => {
    const s = stateOf(submitted);
    const ev = decideAbroadApplication(rec('approved'), s);
    expect(ev.map((e) => e.type)).toEqual(['AbroadApplicationApproved']);
    const after = stateOf([...submitted, ...ev]);
    expect(after).toMatchObject({ status: 'approved', decidedBy: 'qianhui' });
    expect(decideAbroadApplication(rec('approved'), after)).toEqual([]);
    expect(() => decideAbroadApplication(rec('approved', 'p2'), s)).toThrow(/不符/);
  });
  it('When rejected, Then Ended with the outcome', () => {
    const ev = decideAbroadApplication(rec('rejected'), stateOf(submitted));
    expect(ev).toEqual([{ type: 'AbroadApplicationEnded', data: expect.objectContaining({ outcome: 'rejected' }) }]);
    expect(stateOf([...submitted, ...ev]).status).toBe('rejected');
  });
});

describe('who approves (recipients R1–R5)', () => {
  const facts = {
    applicantId: 'taoran',
    unitHeadId: 'caojun',
    chargeLeaderIds: ['qianhui'],
    chiefLeaderId: 'zhaoguoqiang',
    foreignAffairsIds: ['liwenjing', 'wangfang'],
    personnelIds: ['yanqing'],
  };
  const ALL = ['unit-head', 'district-review', 'foreign-affairs', 'personnel', 'charge-leader', 'chief-leader'] as const;
  it('levels by rank and destination: 科员 → unit, 外事, 人事, 分管领导; 副处 adds 区分管领导审核; sensitive or 正处 → 主要领导', () => {
    expect(abroadLevels('出入境', '科员', '港澳台')).toEqual(['unit-head', 'foreign-affairs', 'personnel', 'charge-leader']);
    expect(abroadLevels('出入境', '副处', '其他国家和地区')).toEqual([
      'unit-head',
      'district-review',
      'foreign-affairs',
      'personnel',
      'charge-leader',
    ]);
    expect(abroadLevels('出入境', '科员', '敏感国家和地区')).toEqual(['unit-head', 'foreign-affairs', 'personnel', 'chief-leader']);
    expect(abroadLevels('公职人员出国(赴港澳)', '正处', '港澳台')).toEqual([
      'unit-head',
      'district-review',
      'foreign-affairs',
      'personnel',
      'chief-leader',
    ]);
    expect(abroadLevels('特殊出入境', '副处', '港澳台').at(-1)).toBe('chief-leader');
  });
  it('R1–R4: unit head, charge leaders, the functions and the head', () => {
    expect(abroadApprovers(facts, ALL)).toEqual({
      'unit-head': ['caojun'],
      'district-review': ['qianhui'],
      'foreign-affairs': ['liwenjing', 'wangfang'],
      personnel: ['yanqing'],
      'charge-leader': ['qianhui'],
      'chief-leader': ['zhaoguoqiang'],
    });
  });
  it('R1/R5: a unit head goes to the charge leaders first; nobody approves their own application', () => {
    const a = abroadApprovers({ ...facts, applicantId: 'caojun' }, ALL);
    expect(a['unit-head']).toEqual(['qianhui']);
    expect(abroadApprovers({ ...facts, applicantId: 'yanqing' }, ALL).personnel).toEqual([]);
    expect(Object.keys(abroadApprovers(facts, ['unit-head', 'personnel']))).toEqual(['unit-head', 'personnel']);
  });
});

describe('证照 due back', () => {
  it('7 days after 入境 for official trips, 10 for private ones, to the end of the day in Shanghai', () => {
    expect(passportDueBack('公职人员出国(赴港澳)', '2026-04-06')).toBe('2026-04-13T16:00:00.000Z');
    expect(passportDueBack('出入境', '2026-04-06')).toBe('2026-04-16T16:00:00.000Z');
  });
});
