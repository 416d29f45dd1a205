import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { incomingDecider, type IncomingCommand } from './incoming.decide';
import type { IncomingEvent } from './incoming.events';
import { outgoingDecider, type OutgoingCommand } from './outgoing.decide';
import type { OutgoingEvent } from './outgoing.events';
import { clerksWhoSignFor, handlersOf, outgoingApprovers, type DepartmentFact } from './recipients';
import { BODY, T0, elements, exchanged, md } from './testing';

const T1 = '2026-03-05T03:00:00.000Z';
const dept = (id: string, over: Partial<DepartmentFact> = {}): DepartmentFact => ({
  id,
  unitId: 'czj',
  name: id,
  leaderUserId: `${id}-leader`,
  open: true,
  ...over,
});
const doc = { unitId: 'czj', departmentId: 'czj-ysk' };

describe('会签 and 签发 at 送审 (outgoingApprovers)', () => {
  it('会签: the leader of each chosen department, in order, once each; 签发 defaults to the unit leader', () => {
    const shared = dept('czj-zhk', { leaderUserId: 'same' });
    expect(outgoingApprovers(doc, [dept('czj-kjk'), shared, dept('czj-gzk', { leaderUserId: 'same' })], null, 'director')).toEqual({
      countersignerIds: ['czj-kjk-leader', 'same'],
      signerId: 'director',
    });
  });

  it('refuses a department of another unit, a closed one, the drafting one, one without a leader — naming the field', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return { code: (e as { code: string }).code, field: (e as { field?: string }).field };
      }
      return null;
    };
    expect(refusal(() => outgoingApprovers(doc, [dept('a'), dept('x', { unitId: 'other' })], null, 'director'))).toEqual({
      code: 'document.bad_department',
      field: 'countersignDepartmentIds[1]',
    });
    expect(refusal(() => outgoingApprovers(doc, [null], null, 'director'))?.code).toBe('document.bad_department');
    expect(refusal(() => outgoingApprovers(doc, [dept('a', { open: false })], null, 'director'))?.code).toBe('document.bad_department');
    expect(refusal(() => outgoingApprovers(doc, [dept('czj-ysk')], null, 'director'))?.code).toBe('document.own_department');
    expect(refusal(() => outgoingApprovers(doc, [dept('a', { leaderUserId: null })], null, 'director'))?.code).toBe(
      'document.no_department_leader',
    );
  });

  it('签发: the chosen active leader of the same unit; without a choice and without a unit leader, refused on signerId', () => {
    const chosen = (user: { id: string; unitId: string; active: boolean } | null) => ({ id: 'u1', user });
    expect(outgoingApprovers(doc, [], chosen({ id: 'u1', unitId: 'czj', active: true }), null).signerId).toBe('u1');
    expect(() => outgoingApprovers(doc, [], chosen({ id: 'u1', unitId: 'other', active: true }), 'director')).toThrow(
      '签发人须为本单位在职领导',
    );
    expect(() => outgoingApprovers(doc, [], chosen({ id: 'u1', unitId: 'czj', active: false }), 'director')).toThrow(
      '签发人须为本单位在职领导',
    );
    expect(() => outgoingApprovers(doc, [], chosen(null), 'director')).toThrow('签发人须为本单位在职领导');
    expect(() => outgoingApprovers(doc, [], null, null)).toThrow('本单位没有单位负责人');
  });

  it('Given a draft, When SubmitOutgoing with the chosen approvers, Then OutgoingDocumentSubmitted records them', () => {
    const drafted: OutgoingEvent = {
      type: 'OutgoingDocumentDrafted',
      data: {
        documentId: 'd1',
        unitId: 'czj',
        departmentId: 'czj-ysk',
        drafterId: 'staff',
        drafterName: '许文博',
        elements: elements(),
        body: BODY,
        version: 1,
        at: T0,
      },
    };
    const approvers = outgoingApprovers(doc, [dept('czj-kjk')], null, 'director');
    spec(outgoingDecider)
      .given([drafted])
      .when({ type: 'SubmitOutgoing', data: { processId: 'p1', approvers }, metadata: md('staff', T1) } as OutgoingCommand)
      .then([
        {
          type: 'OutgoingDocumentSubmitted',
          data: {
            documentId: 'd1',
            processId: 'p1',
            round: 1,
            submittedBy: 'staff',
            at: T1,
            countersignerIds: ['czj-kjk-leader'],
            signerId: 'director',
          },
        },
      ]);
  });
});

describe('待签收: who signs for a delivered document (clerksWhoSignFor)', () => {
  it('the active clerks of the receiving unit, sorted, once each', () => {
    expect(
      clerksWhoSignFor('qzfb', [
        { id: 'wang-fang', unitId: 'qzfb', active: true },
        { id: 'li-na', unitId: 'qzfb', active: true },
        { id: 'gone', unitId: 'qzfb', active: false },
        { id: 'elsewhere', unitId: 'czj', active: true },
        { id: 'li-na', unitId: 'qzfb', active: true },
      ]),
    ).toEqual(['li-na', 'wang-fang']);
  });

  it('Given nothing, When ReceiveIncoming with the clerk-role holders, Then IncomingDocumentReceived records who must 签收', () => {
    const from = { outgoingId: 'd1', unitId: 'czj', unitName: '区财政局' };
    spec(incomingDecider)
      .given([])
      .when({
        type: 'ReceiveIncoming',
        data: {
          incomingId: 'i1',
          unitId: 'qzfb',
          unitName: '区政府办公室',
          from,
          copyNo: '000001',
          document: exchanged(),
          clerks: [
            { id: 'wang-fang', unitId: 'qzfb', active: true },
            { id: 'moved-away', unitId: 'czj', active: true },
          ],
        },
        metadata: md('yang-fan', T1),
      } as IncomingCommand)
      .then([
        {
          type: 'IncomingDocumentReceived',
          data: {
            incomingId: 'i1',
            unitId: 'qzfb',
            unitName: '区政府办公室',
            category: 'normal',
            from,
            copyNo: '000001',
            document: exchanged(),
            sentBy: 'yang-fan',
            at: T1,
            clerkIds: ['wang-fang'],
          },
        },
      ]);
  });
});

describe('承办: who handles an assigned document (handlersOf)', () => {
  const lead = { id: 'qzfb-zhk', name: '综合科' };
  const co = [
    { id: 'qzfb-dck', name: '督查科' },
    { id: 'qzfb-xxk', name: '信息科' },
  ];
  const leaders = { 'qzfb-zhk': 'zhou-ming', 'qzfb-dck': 'zheng-hao', 'qzfb-xxk': null };

  it('the 负责人 of the lead and of each co-department; a department without one gets no 承办', () => {
    expect(handlersOf(lead, co, leaders)).toEqual([
      { departmentId: 'qzfb-zhk', userId: 'zhou-ming', role: 'lead' },
      { departmentId: 'qzfb-dck', userId: 'zheng-hao', role: 'co' },
    ]);
  });

  it('Given a 批示, When AssignHandling with the departments’ leaders, Then IncomingDocumentAssigned records the handlers', () => {
    const history: IncomingEvent[] = [
      {
        type: 'IncomingPaperDocumentRegistered',
        data: {
          incomingId: 'i1',
          unitId: 'qzfb',
          unitName: '区政府办公室',
          category: 'normal',
          year: 2026,
          receiptSeq: 1,
          receiptNumber: '收文〔2026〕1号',
          entry: {
            sourceOrgan: '市政府',
            docNumber: '',
            title: '关于开展安全检查的通知',
            kind: '通知',
            classification: '内部',
            secrecyPeriod: null,
            urgency: '平件',
            copies: 1,
            pages: null,
            receivedDate: '2026-03-02',
            supervisionDeadline: null,
            remarks: '',
          },
          body: '',
          attachments: [],
          receivedAt: T0,
          registeredBy: 'wang-fang',
          at: T0,
        },
      },
      {
        type: 'IncomingDocumentInstructed',
        data: {
          incomingId: 'i1',
          leaderId: 'sun-jianhua',
          leaderName: '孙建华',
          onBehalfOf: null,
          instruction: '请办理',
          strokes: null,
          at: T0,
        },
      },
    ];
    spec(incomingDecider)
      .given(history)
      .when({ type: 'AssignHandling', data: { lead, co, leaders }, metadata: md('wang-fang', T1) } as IncomingCommand)
      .then([
        {
          type: 'IncomingDocumentAssigned',
          data: {
            incomingId: 'i1',
            lead,
            co,
            deadline: null,
            assignedBy: 'wang-fang',
            at: T1,
            handlers: [
              { departmentId: 'qzfb-zhk', userId: 'zhou-ming', role: 'lead' },
              { departmentId: 'qzfb-dck', userId: 'zheng-hao', role: 'co' },
            ],
          },
        },
      ]);
  });
});
