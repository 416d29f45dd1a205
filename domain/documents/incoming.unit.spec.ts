import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { incomingDecider, type IncomingCommand } from './incoming.decide';
import { evolveIncoming, initialIncomingState, type IncomingEvent } from './incoming.events';
import { T0, exchanged, md } from './testing';

const T1 = '2026-03-05T03:00:00.000Z';
const cmd = <C extends IncomingCommand>(
  type: C['type'],
  data: C['data'],
  actor = 'wang-fang',
  now = T1,
  onBehalfOf: string | null = null,
) => ({ type, data, metadata: md(actor, now, onBehalfOf) }) as C;
const fold = (events: IncomingEvent[]) => events.reduce(evolveIncoming, initialIncomingState());

const received: IncomingEvent = {
  type: 'IncomingDocumentReceived',
  data: {
    incomingId: 'i1',
    unitId: 'qzfb',
    unitName: '区政府办公室',
    category: 'normal',
    from: { outgoingId: 'd1', unitId: 'czj', unitName: '区财政局' },
    copyNo: '000001',
    document: exchanged(),
    sentBy: 'yang-fan',
    at: T0,
  },
};
const signedFor: IncomingEvent = {
  type: 'IncomingDocumentSignedFor',
  data: { incomingId: 'i1', actorId: 'wang-fang', actorName: '王芳', at: T0 },
};
const entry = {
  sourceOrgan: '区财政局',
  docNumber: '区财预〔2026〕7号',
  title: exchanged().title,
  kind: '通知' as const,
  classification: '内部' as const,
  secrecyPeriod: null,
  urgency: '加急' as const,
  copies: 1,
  pages: null,
  receivedDate: '2026-03-02',
  supervisionDeadline: null,
  remarks: '',
};
const registered: IncomingEvent = {
  type: 'IncomingDocumentRegistered',
  data: { incomingId: 'i1', year: 2026, receiptSeq: 3, receiptNumber: '收文〔2026〕3号', entry, registeredBy: 'wang-fang', at: T0 },
};
const instructed: IncomingEvent = {
  type: 'IncomingDocumentInstructed',
  data: {
    incomingId: 'i1',
    leaderId: 'sun-jianhua',
    leaderName: '孙建华',
    onBehalfOf: null,
    instruction: '请综合科办理',
    strokes: null,
    at: T0,
  },
};

describe('公文交换: 待签收 → 签收 / 退回', () => {
  it('delivery is idempotent (a retried fan-out writes nothing)', () => {
    spec(incomingDecider)
      .given([received])
      .when(
        cmd('ReceiveIncoming', {
          incomingId: 'i1',
          unitId: 'qzfb',
          unitName: '区政府办公室',
          from: received.data.from as never,
          copyNo: '000001',
          document: exchanged(),
          clerks: [],
        }),
      )
      .then([]);
  });

  it('签收 from 待签收; 退回 needs a reason and is final', () => {
    spec(incomingDecider)
      .given([received])
      .when(cmd('SignForIncoming', { actorName: '王芳' }))
      .then([{ type: 'IncomingDocumentSignedFor', data: { incomingId: 'i1', actorId: 'wang-fang', actorName: '王芳', at: T1 } }]);
    spec(incomingDecider)
      .given([received])
      .when(cmd('ReturnIncoming', { reason: '  ', actorName: '王芳' }))
      .thenThrows('incoming.reason_required');
    const back = spec(incomingDecider)
      .given([received])
      .when(cmd('ReturnIncoming', { reason: '非本单位职责', actorName: '王芳' }))
      .then([
        {
          type: 'IncomingDocumentReturned',
          data: { incomingId: 'i1', reason: '非本单位职责', actorId: 'wang-fang', actorName: '王芳', at: T1 },
        },
      ]);
    spec(incomingDecider)
      .given([received, ...back])
      .when(cmd('SignForIncoming', { actorName: '王芳' }))
      .thenThrows('incoming.wrong_stage');
    spec(incomingDecider)
      .given([received, signedFor])
      .when(cmd('ReturnIncoming', { reason: 'x', actorName: '王芳' }))
      .thenThrows('incoming.wrong_stage');
  });
});

describe('登记', () => {
  it("an exchanged document is registered from the sender's data (nothing typed), only after 签收", () => {
    spec(incomingDecider)
      .given([received])
      .when(cmd('RegisterIncoming', { year: 2026, receiptSeq: 3, receiptNumber: '收文〔2026〕3号' }))
      .thenThrows('incoming.wrong_stage');
    const [e] = spec(incomingDecider)
      .given([received, signedFor])
      .when(cmd('RegisterIncoming', { year: 2026, receiptSeq: 3, receiptNumber: '收文〔2026〕3号' }))
      .then([
        {
          type: 'IncomingDocumentRegistered',
          data: {
            incomingId: 'i1',
            year: 2026,
            receiptSeq: 3,
            receiptNumber: '收文〔2026〕3号',
            entry: { ...entry, receivedDate: '2026-03-02' },
            registeredBy: 'wang-fang',
            at: T1,
          },
        },
      ]);
    expect(e.data).toMatchObject({ entry: { sourceOrgan: '区财政局', docNumber: '区财预〔2026〕7号', urgency: '加急' } });
  });

  it('a paper document is registered by hand with its back-dated arrival; 机密 paper is refused', () => {
    const paper = {
      incomingId: 'p1',
      unitId: 'qzfb',
      unitName: '区政府办公室',
      category: 'fax' as const,
      year: 2026,
      receiptSeq: 4,
      receiptNumber: '收文〔2026〕4号',
      entry: { ...entry, sourceOrgan: '市政府办公室', docNumber: '市府办电〔2026〕2号' },
      body: '',
      attachments: [],
      receivedAt: '2026-02-27T01:00:00.000Z',
    };
    const [e] = spec(incomingDecider)
      .given([])
      .when(cmd('RegisterPaperIncoming', paper))
      .then([expect.objectContaining({ type: 'IncomingPaperDocumentRegistered' }) as never]);
    expect(e.data).toMatchObject({
      receivedAt: '2026-02-27T01:00:00.000Z',
      entry: { receivedDate: '2026-02-27', sourceOrgan: '市政府办公室' },
      category: 'fax',
    });
    spec(incomingDecider)
      .given([])
      .when(cmd('RegisterPaperIncoming', { ...paper, entry: { ...paper.entry, classification: '机密', secrecyPeriod: '10年' } }))
      .thenThrows('document.classification_above_clearance');
    spec(incomingDecider)
      .given([])
      .when(cmd('RegisterPaperIncoming', { ...paper, receivedAt: '2026-03-06T00:00:00.000Z' }))
      .thenThrows('incoming.future');
  });
});

describe('拟办 → 批示 → 承办 → 传阅 → 办结 → 归档', () => {
  it('批示 keeps the handwriting strokes; needs words or strokes', () => {
    const strokes = {
      strokes: [
        {
          points: [
            [1, 2, 0.5, 0],
            [3, 4, 0.6, 16],
          ] as [number, number, number, number][],
        },
      ],
    };
    spec(incomingDecider)
      .given([received, signedFor, registered])
      .when(cmd('InstructIncoming', { leaderName: '孙建华', instruction: '', strokes: null }, 'sun-jianhua'))
      .thenThrows('incoming.instruction_required');
    spec(incomingDecider)
      .given([received, signedFor, registered])
      .when(cmd('InstructIncoming', { leaderName: '孙建华', instruction: '', strokes }, 'sun-jianhua'))
      .then([
        {
          type: 'IncomingDocumentInstructed',
          data: { incomingId: 'i1', leaderId: 'sun-jianhua', leaderName: '孙建华', onBehalfOf: null, instruction: '', strokes, at: T1 },
        },
      ]);
  });

  it('承办 after a 批示; the lead is not a co-department', () => {
    spec(incomingDecider)
      .given([received, signedFor, registered])
      .when(cmd('AssignHandling', { lead: { id: 'qzfb-zhk', name: '综合科' }, co: [], leaders: {} }))
      .thenThrows('incoming.wrong_stage');
    spec(incomingDecider)
      .given([received, signedFor, registered, instructed])
      .when(cmd('AssignHandling', { lead: { id: 'qzfb-zhk', name: '综合科' }, co: [{ id: 'qzfb-zhk', name: '综合科' }], leaders: {} }))
      .thenThrows('incoming.lead_in_co');
    spec(incomingDecider)
      .given([received, signedFor, registered, instructed])
      .when(cmd('AssignHandling', { lead: { id: 'qzfb-zhk', name: '综合科' }, co: [], leaders: {}, deadline: '2026-03-01' }))
      .thenThrows('incoming.past_deadline');
  });

  it("传阅: every reader's 已阅 is recorded; nobody marks another's; 办结 waits for all (no skips)", () => {
    const base = [received, signedFor, registered, instructed];
    const circ = spec(incomingDecider)
      .given(base)
      .when(
        cmd('Circulate', {
          readers: [
            { id: 'zhou-ming', name: '周明' },
            { id: 'zheng-hao', name: '郑浩' },
          ],
        }),
      )
      .then([
        {
          type: 'IncomingCirculationStarted',
          data: {
            incomingId: 'i1',
            round: 1,
            readers: [
              { id: 'zhou-ming', name: '周明' },
              { id: 'zheng-hao', name: '郑浩' },
            ],
            startedBy: 'wang-fang',
            at: T1,
          },
        },
      ]);
    let h = [...base, ...circ];
    spec(incomingDecider)
      .given(h)
      .when(cmd('MarkIncomingRead', {}, 'feng-lei'))
      .thenThrows('incoming.not_reader');
    spec(incomingDecider)
      .given(h)
      .when(cmd('Circulate', { readers: [{ id: 'zhou-ming', name: '周明' }] }))
      .thenThrows('incoming.reader_pending');
    h = [...h, ...incomingDecider.decide(cmd('MarkIncomingRead', {}, 'zhou-ming'), fold(h))];
    const e = spec(incomingDecider).given(h).when(cmd('CompleteIncoming', {})).thenThrows('incoming.circulation_open');
    expect(e.message).toBe('传阅未完成：郑浩 尚未阅');
    spec(incomingDecider)
      .given(h)
      .when(cmd('MarkIncomingRead', {}, 'zhou-ming'))
      .then([]);
    h = [...h, ...incomingDecider.decide(cmd('MarkIncomingRead', {}, 'zheng-hao'), fold(h))];
    expect(fold(h).readers.map((r) => [r.userId, r.readAt])).toEqual([
      ['zhou-ming', T1],
      ['zheng-hao', T1],
    ]);
    const done = spec(incomingDecider)
      .given(h)
      .when(cmd('CompleteIncoming', { summary: '已落实' }))
      .then([{ type: 'IncomingDocumentCompleted', data: { incomingId: 'i1', summary: '已落实', completedBy: 'wang-fang', at: T1 } }]);
    spec(incomingDecider)
      .given([...h, ...done])
      .when(cmd('Circulate', { readers: [{ id: 'feng-lei', name: '冯磊' }] }))
      .thenThrows('incoming.wrong_stage');
  });

  it('办结 needs a 批示; 归档 needs 办结', () => {
    spec(incomingDecider).given([received, signedFor, registered]).when(cmd('CompleteIncoming', {})).thenThrows('incoming.wrong_stage');
    const filing = {
      fondsCode: 'Z101',
      year: 2026,
      retention: '30年' as const,
      orgCode: 'ZHK',
      itemNumber: 2,
      archivalCode: 'Z101-WS·2026-D30-ZHK-0002',
      docNumber: '区财预〔2026〕7号',
      responsible: '区财政局',
      title: 't',
      date: '20260303',
      classification: '内部' as const,
      pages: 2,
      remarks: '',
    };
    spec(incomingDecider)
      .given([received, signedFor, registered, instructed])
      .when(cmd('ArchiveIncoming', { filing }))
      .thenThrows('incoming.wrong_stage');
    const completed: IncomingEvent = {
      type: 'IncomingDocumentCompleted',
      data: { incomingId: 'i1', summary: '', completedBy: 'x', at: T0 },
    };
    const archived = spec(incomingDecider)
      .given([received, signedFor, registered, instructed, completed])
      .when(cmd('ArchiveIncoming', { filing }, 'li-wenjing'))
      .then([
        {
          type: 'DocumentArchived',
          data: { ...filing, documentId: 'i1', direction: 'incoming', unitId: 'qzfb', archivedBy: 'li-wenjing', at: T1 },
        },
      ]);
    expect(fold([received, signedFor, registered, instructed, completed, ...archived]).archive?.archivalCode).toBe(
      'Z101-WS·2026-D30-ZHK-0002',
    );
  });
});
