import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { validateDefinition } from '../workflow';
import { checkElements, formatDocNumber, type DocumentElements } from './elements';
import { outgoingDocumentDefinition } from './flow';
import { ATTACHMENT_MAX_BYTES, outgoingDecider, type AddAttachment, type OutgoingCommand, type RemoveAttachment } from './outgoing.decide';
import { currentBody, evolveOutgoing, initialOutgoingState, outgoingStage, type OutgoingEvent } from './outgoing.events';
import { BODY, T0, elements, md, numbered, signedHistory } from './testing';

const T1 = '2026-03-05T03:00:00.000Z';
const cmd = <C extends OutgoingCommand>(type: C['type'], data: C['data'], actor = 'staff', now = T1, onBehalfOf: string | null = null) =>
  ({ type, data, metadata: md(actor, now, onBehalfOf) }) as C;
const fold = (events: OutgoingEvent[]) => events.reduce(evolveOutgoing, initialOutgoingState());

describe('拟稿 and clearance', () => {
  it('drafts a document with its elements and body version 1', () => {
    spec(outgoingDecider)
      .given([])
      .when(
        cmd(
          'DraftOutgoing',
          {
            documentId: 'd1',
            unitId: 'czj',
            departmentId: 'czj-ysk',
            drafterName: '许文博',
            elements: elements(),
            body: BODY,
          },
          'staff',
          T0,
        ),
      )
      .then([
        {
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
        },
      ]);
  });

  it.each(['机密', '绝密'] as const)('refuses %s above the default clearance 秘密, in Chinese, naming the field', (level) => {
    const e = spec(outgoingDecider)
      .given([])
      .when(
        cmd('DraftOutgoing', {
          documentId: 'd1',
          unitId: 'czj',
          departmentId: 'czj-ysk',
          drafterName: '许文博',
          elements: elements({ classification: level, secrecyPeriod: '10年' }),
          body: BODY,
        }),
      )
      .thenThrows('document.classification_above_clearance');
    expect(e.kind).toBe('rule');
    expect(e.field).toBe('classification');
    expect(e.message).toContain(`“${level}”级公文不得在本系统中拟制`);
  });

  it('a configured clearance of 内部 also refuses 秘密; 秘密 within 秘密 needs a 保密期限', () => {
    spec(outgoingDecider)
      .given([])
      .when(
        cmd('DraftOutgoing', {
          documentId: 'd1',
          unitId: 'czj',
          departmentId: 'czj-ysk',
          drafterName: 'x',
          elements: elements({ classification: '秘密', secrecyPeriod: '1年' }),
          body: BODY,
          clearance: '内部',
        }),
      )
      .thenThrows('document.classification_above_clearance');
    const e = spec(outgoingDecider)
      .given([])
      .when(
        cmd('DraftOutgoing', {
          documentId: 'd1',
          unitId: 'czj',
          departmentId: 'czj-ysk',
          drafterName: 'x',
          elements: elements({ classification: '秘密' }),
          body: BODY,
        }),
      )
      .thenThrows('document.elements_invalid');
    expect(e.field).toBe('secrecyPeriod');
  });

  it('checks the GB/T 9704 rules: 请示 one 主送, 机关代字 shape, duplicate issuers (联合行文)', () => {
    const errs = checkElements(
      elements({
        kind: '请示',
        mainRecipients: ['区政府', '区委'],
        numberCode: '区财-预',
        issuers: [
          { unitId: 'czj', name: '区财政局' },
          { unitId: null, name: '区财政局' },
        ],
      }),
    );
    expect(errs.map((x) => x.field).sort()).toEqual(['issuers[1].name', 'mainRecipients', 'numberCode']);
    expect(
      checkElements(
        elements({
          issuers: [
            { unitId: 'czj', name: '区财政局' },
            { unitId: 'rsj', name: '区人力资源和社会保障局' },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('formats 发文字号 with 六角括号', () => {
    expect(formatDocNumber('区财预', 2026, 12)).toBe('区财预〔2026〕12号');
  });
});

describe('versions of the 正文', () => {
  const drafted = signedHistory().slice(0, 1);

  it('each body edit is a new version with its author and stage; a no-op edit records nothing', () => {
    const events = spec(outgoingDecider)
      .given(drafted)
      .when(
        cmd('EditOutgoing', {
          changes: { title: '关于做好2026年预算编制的通知' },
          body: BODY + '\n三、其他',
          editorName: '许文博',
          capacity: 'drafter',
        }),
      )
      .then([
        {
          type: 'OutgoingDocumentEdited',
          data: {
            documentId: 'd1',
            changes: { title: '关于做好2026年预算编制的通知' },
            changedFields: ['title', 'body'],
            body: BODY + '\n三、其他',
            version: 2,
            editorId: 'staff',
            editorName: '许文博',
            capacity: 'drafter',
            stage: '拟稿',
            at: T1,
          },
        },
      ]);
    const s = fold([...drafted, ...events]);
    expect(s.versions.map((v) => [v.version, v.authorId, v.stage])).toEqual([
      [1, 'staff', '拟稿'],
      [2, 'staff', '拟稿'],
    ]);
    expect(currentBody(s)).toBe(BODY + '\n三、其他');
    spec(outgoingDecider)
      .given(drafted)
      .when(cmd('EditOutgoing', { changes: { title: elements().title }, body: BODY, editorName: 'x', capacity: 'drafter' }))
      .then([]);
  });

  it('only the drafter edits a draft; a reviewer edits while in review', () => {
    spec(outgoingDecider)
      .given(drafted)
      .when(cmd('EditOutgoing', { changes: {}, body: 'x', editorName: '秦涛', capacity: 'reviewer' }, 'qin-tao'))
      .thenThrows('document.not_editor');
    const inReview = signedHistory().slice(0, 2);
    const [e] = spec(outgoingDecider)
      .given(inReview)
      .when(
        cmd('EditOutgoing', { changes: {}, body: BODY + '（核）', editorName: '秦涛', capacity: 'reviewer', stage: '部门核稿' }, 'qin-tao'),
      )
      .then([expect.objectContaining({ type: 'OutgoingDocumentEdited' }) as never]);
    expect(e.data).toMatchObject({ version: 2, stage: '部门核稿', editorId: 'qin-tao' });
  });

  it('submission needs a body and, for a 通知, a 主送机关', () => {
    spec(outgoingDecider)
      .given([{ ...drafted[0], data: { ...drafted[0].data, elements: elements({ mainRecipients: [] }) } } as OutgoingEvent])
      .when(cmd('SubmitOutgoing', { processId: 'p1', approvers: { countersignerIds: [], signerId: 'director' } }))
      .thenThrows('document.elements_invalid');
    spec(outgoingDecider)
      .given(drafted)
      .when(cmd('SubmitOutgoing', { processId: 'p1', approvers: { countersignerIds: [], signerId: 'director' } }, 'qin-tao'))
      .thenThrows('document.not_drafter');
  });
});

describe('签发 and 复核', () => {
  it('the approval outcome records the signer and the 成文日期 (Shanghai date); recording twice is a no-op', () => {
    const inReview = signedHistory().slice(0, 2);
    spec(outgoingDecider)
      .given(inReview)
      .when(
        cmd(
          'RecordApprovalOutcome',
          {
            processId: 'p1',
            outcome: 'signed',
            actorId: 'director',
            actorName: '沈振华',
            opinion: '同意',
            at: '2026-03-03T17:30:00.000Z',
          },
          'system',
        ),
      )
      .then([
        {
          type: 'OutgoingDocumentSigned',
          data: {
            documentId: 'd1',
            processId: 'p1',
            signerId: 'director',
            signerName: '沈振华',
            opinion: '同意',
            signedAt: '2026-03-03T17:30:00.000Z',
            writtenDate: '2026-03-04',
            version: 1,
          },
        },
      ]);
    spec(outgoingDecider)
      .given(signedHistory())
      .when(cmd('RecordApprovalOutcome', { processId: 'p1', outcome: 'signed', actorId: 'director', actorName: '', opinion: '', at: T1 }))
      .then([]);
  });

  it('a rejected approval brings the document back to 拟稿', () => {
    const events = spec(outgoingDecider)
      .given(signedHistory().slice(0, 2))
      .when(
        cmd('RecordApprovalOutcome', {
          processId: 'p1',
          outcome: 'rejected',
          actorId: 'qin-tao',
          actorName: '秦涛',
          opinion: '不符合要求',
          at: T1,
        }),
      )
      .then([
        {
          type: 'OutgoingDocumentApprovalEnded',
          data: { documentId: 'd1', processId: 'p1', outcome: 'rejected', actorId: 'qin-tao', opinion: '不符合要求', at: T1 },
        },
      ]);
    expect(fold([...signedHistory().slice(0, 2), ...events]).status).toBe('draft');
  });

  it('a change of 正文 after 签发 by the office sends it back to the signer (复核)', () => {
    spec(outgoingDecider)
      .given(signedHistory())
      .when(cmd('EditOutgoing', { changes: {}, body: BODY + '\n补充', editorName: '杨帆', capacity: 'office' }, 'yang-fan'))
      .then([
        {
          type: 'OutgoingDocumentEdited',
          data: {
            documentId: 'd1',
            changes: {},
            changedFields: ['body'],
            body: BODY + '\n补充',
            version: 2,
            editorId: 'yang-fan',
            editorName: '杨帆',
            capacity: 'office',
            stage: '签发后修改',
            at: T1,
          },
        },
        {
          type: 'OutgoingDocumentReturnedForReview',
          data: { documentId: 'd1', signerId: 'director', changedFields: ['body'], version: 2, requestedBy: 'yang-fan', at: T1 },
        },
      ]);
  });

  it.each([
    ['title', { title: '新标题' }],
    ['mainRecipients', { mainRecipients: ['区属各单位', '各街道办事处'] }],
  ] as [string, Partial<DocumentElements>][])('so does a change of %s', (field, changes) => {
    const events = outgoingDecider.decide(
      cmd('EditOutgoing', { changes, editorName: '杨帆', capacity: 'office' }, 'yang-fan'),
      fold(signedHistory()),
    );
    expect(events.map((e) => e.type)).toEqual(['OutgoingDocumentEdited', 'OutgoingDocumentReturnedForReview']);
    expect(events[1].data).toMatchObject({ changedFields: [field] });
  });

  it('a change of 抄送/附注 is not substantive; the signer changing the body needs no 复核', () => {
    const s = fold(signedHistory());
    expect(
      outgoingDecider
        .decide(
          cmd('EditOutgoing', { changes: { note: '联系人：杨帆', copyTo: [] }, editorName: '杨帆', capacity: 'office' }, 'yang-fan'),
          s,
        )
        .map((e) => e.type),
    ).toEqual(['OutgoingDocumentEdited']);
    expect(
      outgoingDecider
        .decide(cmd('EditOutgoing', { changes: {}, body: 'x', editorName: '沈振华', capacity: 'signer' }, 'director'), s)
        .map((e) => e.type),
    ).toEqual(['OutgoingDocumentEdited']);
  });

  it('a pending 复核 blocks 登记编号 until the signer (and only the signer) reconfirms', () => {
    const review: OutgoingEvent[] = [
      ...signedHistory(),
      ...outgoingDecider.decide(
        cmd('EditOutgoing', { changes: { title: '改后的标题' }, editorName: '杨帆', capacity: 'office' }, 'yang-fan'),
        fold(signedHistory()),
      ),
    ];
    expect(outgoingStage(fold(review))).toBe('待复核');
    spec(outgoingDecider)
      .given(review)
      .when(cmd('RegisterNumber', { code: '区财预', year: 2026, number: 1 }, 'yang-fan'))
      .thenThrows('document.review_pending');
    spec(outgoingDecider)
      .given(review)
      .when(cmd('ReconfirmSignature', { opinion: '同意修改' }, 'han-xue'))
      .thenThrows('document.not_signer');
    const ok = spec(outgoingDecider)
      .given(review)
      .when(cmd('ReconfirmSignature', { opinion: '同意修改' }, 'director'))
      .then([
        {
          type: 'OutgoingDocumentSignatureReconfirmed',
          data: { documentId: 'd1', signerId: 'director', onBehalfOf: null, opinion: '同意修改', version: 1, at: T1 },
        },
      ]);
    spec(outgoingDecider)
      .given([...review, ...ok])
      .when(cmd('RegisterNumber', { code: '区财预', year: 2026, number: 1 }, 'yang-fan'))
      .then([
        {
          type: 'OutgoingDocumentNumbered',
          data: {
            documentId: 'd1',
            code: '区财预',
            year: 2026,
            number: 1,
            docNumber: '区财预〔2026〕1号',
            registeredBy: 'yang-fan',
            at: T1,
          },
        },
      ]);
  });
});

describe('登记编号, 套红, 用印, 分发', () => {
  it('numbers only a signed document; the same number again is a no-op, another is refused; 代字 then frozen', () => {
    spec(outgoingDecider)
      .given(signedHistory().slice(0, 2))
      .when(cmd('RegisterNumber', { code: '区财预', year: 2026, number: 1 }))
      .thenThrows('document.wrong_stage');
    spec(outgoingDecider)
      .given(numbered())
      .when(cmd('RegisterNumber', { code: '区财预', year: 2026, number: 7 }))
      .then([]);
    spec(outgoingDecider)
      .given(numbered())
      .when(cmd('RegisterNumber', { code: '区财预', year: 2026, number: 8 }))
      .thenThrows('document.already_numbered');
    spec(outgoingDecider)
      .given(signedHistory())
      .when(cmd('RegisterNumber', { code: '区财办', year: 2026, number: 1 }))
      .thenThrows('document.code_mismatch');
    spec(outgoingDecider)
      .given(numbered())
      .when(cmd('EditOutgoing', { changes: { numberCode: '区财办' }, editorName: '', capacity: 'office' }, 'yang-fan'))
      .thenThrows('document.numbered');
  });

  const rendered = { pdfSha256: 'a'.repeat(64), pages: 3, templateId: 'czj-red', storageKey: 'pdf/aaa', bytes: 1234 };
  const seal = {
    sealId: 'czj-seal',
    algorithm: 'SM2-with-SM3',
    pdfSm3: 'b'.repeat(64),
    signature: 'c'.repeat(128),
    publicKey: '04' + 'd'.repeat(128),
    sealedStorageKey: 'pdf/sealed',
    sealedPdfSha256: 'e'.repeat(64),
    sourcePdfSha256: 'a'.repeat(64),
  };

  const record = { printingOrgan: '区财政局办公室', printedDate: '2026-03-05' };
  it('套红 records the port answer for the current version; an edit afterwards drops the rendering', () => {
    const r = spec(outgoingDecider)
      .given(numbered())
      .when(cmd('RecordRendering', { rendered, version: 1, ...record }, 'yang-fan'))
      .then([{ type: 'DocumentRendered', data: { documentId: 'd1', version: 1, ...rendered, ...record, renderedBy: 'yang-fan', at: T1 } }]);
    spec(outgoingDecider)
      .given(numbered())
      .when(cmd('RecordRendering', { rendered, version: 2, ...record }))
      .thenThrows('document.stale_version');
    const s = fold([...numbered(), ...r]);
    expect(outgoingStage(s)).toBe('已套红');
    const edited = outgoingDecider.decide(
      cmd('EditOutgoing', { changes: { note: '附注' }, editorName: '', capacity: 'office' }, 'yang-fan'),
      s,
    );
    expect(edited.reduce(evolveOutgoing, s).rendered).toBeNull();
  });

  it('套红 fixes a complete 版记 (印发机关 and a real 印发日期, not before the 成文日期), kept by 分发; an incomplete one is refused with the field', () => {
    const refused = (data: Partial<typeof record>, field: string) => {
      try {
        outgoingDecider.decide(cmd('RecordRendering', { rendered, version: 1, ...record, ...data }), fold(numbered()));
        expect.fail('accepted');
      } catch (e) {
        expect(e).toMatchObject({ code: 'document.record_incomplete', field });
      }
    };
    refused({ printingOrgan: '  ' }, 'printingOrgan');
    refused({ printedDate: '' }, 'printedDate');
    refused({ printedDate: '2026-02-30' }, 'printedDate');
    refused({ printedDate: '2026-03-02' }, 'printedDate'); // before the 成文日期 2026-03-03
    const s = fold([
      ...numbered(),
      { type: 'DocumentRendered', data: { documentId: 'd1', version: 1, ...rendered, ...record, renderedBy: 'x', at: T1 } },
    ]);
    expect(s).toMatchObject(record);
    const d = outgoingDecider.decide(
      cmd('Distribute', {
        recipients: [{ unitId: 'u2', unitName: '乙', incomingId: 'i1' }],
        printingOrgan: '乙办公室',
        requireSeal: false,
      }),
      s,
    );
    expect(d[0]!.data).toMatchObject(record);
  });

  it('用印 needs the rendered PDF and must be of that PDF; then the document is frozen', () => {
    spec(outgoingDecider).given(numbered()).when(cmd('RecordSeal', { seal })).thenThrows('document.wrong_stage');
    const withPdf: OutgoingEvent[] = [
      ...numbered(),
      { type: 'DocumentRendered', data: { documentId: 'd1', version: 1, ...rendered, renderedBy: 'x', at: T1 } },
    ];
    spec(outgoingDecider)
      .given(withPdf)
      .when(cmd('RecordSeal', { seal: { ...seal, sourcePdfSha256: 'f'.repeat(64) } }))
      .thenThrows('document.seal_wrong_pdf');
    const sealed = spec(outgoingDecider)
      .given(withPdf)
      .when(cmd('RecordSeal', { seal }, 'yang-fan'))
      .then([{ type: 'DocumentSealed', data: { documentId: 'd1', ...seal, sealedBy: 'yang-fan', at: T1 } }]);
    spec(outgoingDecider)
      .given([...withPdf, ...sealed])
      .when(cmd('EditOutgoing', { changes: {}, body: 'x', editorName: '', capacity: 'signer' }, 'director'))
      .thenThrows('document.frozen');
  });

  const to = (unitId: string, unitName: string, incomingId: string) => ({ unitId, unitName, incomingId });

  it('分发 needs a number, a seal when the policy says so, never to itself, once per live unit; copies get 份号', () => {
    spec(outgoingDecider)
      .given(signedHistory())
      .when(cmd('Distribute', { recipients: [to('qzfb', '区政府办公室', 'i1')], printingOrgan: '区财政局办公室', requireSeal: false }))
      .thenThrows('document.wrong_stage');
    spec(outgoingDecider)
      .given(numbered())
      .when(cmd('Distribute', { recipients: [to('qzfb', '区政府办公室', 'i1')], printingOrgan: 'x', requireSeal: true }))
      .thenThrows('document.wrong_stage');
    spec(outgoingDecider)
      .given(numbered())
      .when(cmd('Distribute', { recipients: [to('czj', '区财政局', 'i1')], printingOrgan: 'x', requireSeal: false }))
      .thenThrows('document.self_distribution');
    const sent = spec(outgoingDecider)
      .given(numbered())
      .when(
        cmd(
          'Distribute',
          {
            recipients: [to('qzfb', '区政府办公室', 'i1'), to('rsj', '区人社局', 'i2')],
            printingOrgan: '备用',
            requireSeal: false,
          },
          'yang-fan',
        ),
      )
      .then([
        {
          type: 'OutgoingDocumentDistributed',
          data: {
            documentId: 'd1',
            recipients: [
              { unitId: 'qzfb', unitName: '区政府办公室', incomingId: 'i1', copyNo: '000001' },
              { unitId: 'rsj', unitName: '区人社局', incomingId: 'i2', copyNo: '000002' },
            ],
            printingOrgan: '区财政局办公室',
            printedDate: '2026-03-05',
            distributedBy: 'yang-fan',
            at: T1,
          },
        },
      ]);
    const after = [...numbered(), ...sent];
    spec(outgoingDecider)
      .given(after)
      .when(cmd('Distribute', { recipients: [to('qzfb', '区政府办公室', 'i3')], printingOrgan: 'x', requireSeal: false }))
      .thenThrows('document.already_sent');
    // a unit that returned it may be sent a new copy (份号 continues)
    const returned = spec(outgoingDecider)
      .given(after)
      .when(cmd('AcknowledgeDelivery', { incomingId: 'i1', outcome: 'returned', reason: '非本单位职责', actorId: 'wang-fang', at: T1 }))
      .then([
        {
          type: 'OutgoingDistributionAcknowledged',
          data: {
            documentId: 'd1',
            incomingId: 'i1',
            unitId: 'qzfb',
            outcome: 'returned',
            reason: '非本单位职责',
            actorId: 'wang-fang',
            at: T1,
          },
        },
      ]);
    const again = outgoingDecider.decide(
      cmd('Distribute', { recipients: [to('qzfb', '区政府办公室', 'i3')], printingOrgan: 'x', requireSeal: false }),
      fold([...after, ...returned]),
    );
    expect((again[0].data as { recipients: { copyNo: string }[] }).recipients[0].copyNo).toBe('000003');
  });

  it('归档 only after 分发', () => {
    const filing = {
      fondsCode: 'Z109',
      year: 2026,
      retention: '永久' as const,
      orgCode: 'BGS',
      itemNumber: 1,
      archivalCode: 'Z109-WS·2026-Y-BGS-0001',
      docNumber: '区财预〔2026〕7号',
      responsible: '区财政局',
      title: 't',
      date: '20260303',
      classification: '内部' as const,
      pages: null,
      remarks: '',
    };
    spec(outgoingDecider).given(numbered()).when(cmd('ArchiveOutgoing', { filing })).thenThrows('document.wrong_stage');
  });
});

describe('the 发文 workflow definition', () => {
  it('passes the engine validation', () => {
    expect(validateDefinition(outgoingDocumentDefinition())).toEqual([]);
  });
});

describe('附件 (upload while 拟稿/核稿)', () => {
  const drafted = signedHistory().slice(0, 1);
  const H1 = '1'.repeat(64);
  const S1 = 'a'.repeat(64);
  const add = (over: Partial<AddAttachment['data']> = {}, actor = 'staff') =>
    cmd<AddAttachment>(
      'AddAttachment',
      {
        id: H1,
        sha256: S1,
        size: 2048,
        storageKey: `sha256:${S1}`,
        fileName: '2026年预算表.xlsx',
        uploaderName: '许文博',
        capacity: 'drafter',
        ...over,
      },
      actor,
    );
  const added: OutgoingEvent = {
    type: 'OutgoingAttachmentAdded',
    data: {
      documentId: 'd1',
      capacity: 'drafter',
      attachment: {
        id: H1,
        name: '2026年预算表',
        fileName: '2026年预算表.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        sha256: S1,
        size: 2048,
        storageKey: `sha256:${S1}`,
        uploadedBy: 'staff',
        uploadedByName: '许文博',
        at: T1,
      },
    },
  };

  it('the drafter adds a file: named after the file without its extension, typed from the allow-list; 附件说明 lists it', () => {
    spec(outgoingDecider).given(drafted).when(add()).then([added]);
    const s = fold([...drafted, added]);
    expect(s.elements!.attachments).toEqual([{ name: '2026年预算表', sha256: S1, size: 2048 }]);
    expect(s.attachmentFiles.map((a) => a.id)).toEqual([H1]);
    // a given 附件名称 wins over the file name
    const [e] = spec(outgoingDecider)
      .given(drafted)
      .when(add({ name: '  预算执行进度表 ' }))
      .then([expect.objectContaining({ type: 'OutgoingAttachmentAdded' }) as never]);
    expect(e.type === 'OutgoingAttachmentAdded' && e.data.attachment.name).toBe('预算执行进度表');
  });

  it('refuses types outside the allow-list, empty and oversized files, path tricks in the name, the same file twice', () => {
    expect(
      spec(outgoingDecider)
        .given(drafted)
        .when(add({ fileName: 'setup.exe' }))
        .thenThrows('document.attachment_type').field,
    ).toBe('fileName');
    spec(outgoingDecider)
      .given(drafted)
      .when(add({ fileName: '无扩展名' }))
      .thenThrows('document.attachment_type');
    expect(
      spec(outgoingDecider)
        .given(drafted)
        .when(add({ size: 0 }))
        .thenThrows('document.attachment_empty').field,
    ).toBe('file');
    spec(outgoingDecider)
      .given(drafted)
      .when(add({ size: ATTACHMENT_MAX_BYTES + 1 }))
      .thenThrows('document.attachment_too_large');
    spec(outgoingDecider)
      .given(drafted)
      .when(add({ size: ATTACHMENT_MAX_BYTES }))
      .then([expect.objectContaining({ type: 'OutgoingAttachmentAdded' }) as never]);
    spec(outgoingDecider)
      .given(drafted)
      .when(add({ fileName: '../../etc/passwd.pdf' }))
      .thenThrows('document.attachment_bad_name');
    const dup = spec(outgoingDecider)
      .given([...drafted, added])
      .when(add({ id: '2'.repeat(64), fileName: '另一个名字.xlsx' }))
      .thenThrows('document.attachment_exists');
    expect(dup.message).toContain('2026年预算表');
    expect(dup.kind).toBe('conflict');
  });

  it('only the drafter adds to a draft; a reviewer may add in review; nothing after 签发', () => {
    spec(outgoingDecider)
      .given(drafted)
      .when(add({ capacity: 'reviewer' }, 'qin-tao'))
      .thenThrows('document.not_editor');
    spec(outgoingDecider)
      .given(signedHistory().slice(0, 2))
      .when(add({ capacity: 'reviewer', uploaderName: '秦涛' }, 'qin-tao'))
      .then([expect.objectContaining({ type: 'OutgoingAttachmentAdded' }) as never]);
    spec(outgoingDecider)
      .given(signedHistory())
      .when(add({ capacity: 'office' }, 'yang-fan'))
      .thenThrows('document.attachments_frozen');
    spec(outgoingDecider).given([]).when(add()).thenThrows('document.not_found');
  });

  it('removes an attachment while drafting (the 附件说明 entry goes too, a rendering is dropped); unknown id → not found; frozen after 签发', () => {
    spec(outgoingDecider)
      .given([...drafted, added])
      .when(cmd<RemoveAttachment>('RemoveAttachment', { attachmentId: H1, removerName: '许文博', capacity: 'drafter' }))
      .then([
        {
          type: 'OutgoingAttachmentRemoved',
          data: {
            documentId: 'd1',
            attachmentId: H1,
            name: '2026年预算表',
            removedBy: 'staff',
            removedByName: '许文博',
            capacity: 'drafter',
            at: T1,
          },
        },
      ]);
    const s = fold([
      ...drafted,
      added,
      {
        type: 'OutgoingAttachmentRemoved',
        data: {
          documentId: 'd1',
          attachmentId: H1,
          name: '2026年预算表',
          removedBy: 'staff',
          removedByName: '许文博',
          capacity: 'drafter',
          at: T1,
        },
      },
    ]);
    expect(s.elements!.attachments).toEqual([]);
    expect(s.attachmentFiles).toEqual([]);
    spec(outgoingDecider)
      .given([...drafted, added])
      .when(cmd<RemoveAttachment>('RemoveAttachment', { attachmentId: '9'.repeat(64), removerName: 'x', capacity: 'drafter' }))
      .thenThrows('document.attachment_not_found');
    const [d0, ...rest] = signedHistory();
    spec(outgoingDecider)
      .given([d0, added, ...rest])
      .when(cmd<RemoveAttachment>('RemoveAttachment', { attachmentId: H1, removerName: '杨帆', capacity: 'office' }, 'yang-fan'))
      .thenThrows('document.attachments_frozen');
  });
});
