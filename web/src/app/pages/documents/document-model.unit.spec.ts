import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_BYTES,
  CLASSIFICATIONS,
  DiffLine,
  DraftForm,
  OutgoingView,
  attachmentNote,
  checkAttachmentFile,
  checkDraft,
  checkSubmittable,
  classificationOptions,
  fileSize,
  clearanceRefusal,
  diffRows,
  draftToDto,
  editPatch,
  emptyDraft,
  incomingActions,
  isoToShanghaiLocal,
  outgoingActions,
  searchParams,
  shanghaiLocalToIso,
  splitOrgans,
  viewToForm,
} from './document-model';

const form = (over: Partial<DraftForm> = {}): DraftForm => ({
  ...emptyDraft({ id: 'czj', name: '区财政局' }),
  title: '关于做好2026年部门预算编制工作的通知',
  numberCode: '区财预',
  mainRecipients: '区属各预算单位',
  body: '各预算单位：\n一、编制原则',
  ...over,
});

function outgoing(over: Partial<OutgoingView> = {}): OutgoingView {
  const f = form();
  return {
    id: 'd1',
    status: 'draft',
    stage: '拟稿',
    unitId: 'czj',
    departmentId: 'czj-ysk',
    drafter: { id: 'staff', name: '许文博' },
    elements: {
      kind: f.kind,
      title: f.title,
      classification: '内部',
      secrecyPeriod: null,
      urgency: '加急',
      issuers: [{ unitId: 'czj', name: '区财政局' }],
      numberCode: '区财预',
      mainRecipients: ['区属各预算单位'],
      copyTo: ['区政府办公室'],
      attachments: [],
      signatureNames: ['区财政局'],
      note: null,
      printingOrgan: null,
    },
    body: f.body,
    version: 1,
    versions: [],
    processId: null,
    signature: null,
    writtenDate: null,
    review: null,
    number: null,
    rendered: null,
    sealed: null,
    deliveries: [],
    printingOrgan: null,
    printedDate: null,
    archive: null,
    process: null,
    sealRequired: false,
    ports: { renderer: false, seal: false },
    ...over,
  };
}

describe('drafting form ↔ DTO', () => {
  it('splits organ lists on 、，; and new lines, trims, drops empties and repeats', () => {
    expect(splitOrgans('区属各预算单位、 区政府办公室，区人社局;\n区政府办公室；')).toEqual(['区属各预算单位', '区政府办公室', '区人社局']);
    expect(splitOrgans('  ')).toEqual([]);
  });

  it('maps the form to the draft DTO: joint issuers, external organs, 保密期限 only when secret, 署名 only when given', () => {
    const dto = draftToDto(
      form({
        title: '  标题  ',
        copyTo: '区政府办公室、区审计局',
        note: ' ',
        urgency: '特急',
        issuers: [
          { unitId: 'czj', name: '区财政局' },
          { unitId: '', name: '区税务局 ' },
          { unitId: '', name: '' },
        ],
        secrecyPeriod: '1年', // ignored: 内部 is not a state secret
      }),
    );
    expect(dto).toMatchObject({
      title: '标题',
      urgency: '特急',
      issuers: [
        { unitId: 'czj', name: '区财政局' },
        { unitId: null, name: '区税务局' },
      ],
      mainRecipients: ['区属各预算单位'],
      copyTo: ['区政府办公室', '区审计局'],
      note: null,
      printingOrgan: null,
    });
    expect('secrecyPeriod' in dto).toBe(false);
    expect('signatureNames' in dto).toBe(false);
    const secret = draftToDto(form({ classification: '秘密', secrecyPeriod: '6个月', signatureNames: '区财政局、区税务局' }));
    expect(secret.secrecyPeriod).toBe('6个月');
    expect(secret.signatureNames).toEqual(['区财政局', '区税务局']);
  });

  it('round-trips an API view through the form, and the edit patch holds only what changed', () => {
    const v = outgoing();
    const before = viewToForm(v);
    expect(before).toMatchObject({
      kind: '通知',
      urgency: '加急',
      mainRecipients: '区属各预算单位',
      copyTo: '区政府办公室',
      signatureNames: '区财政局',
    });
    expect(editPatch(before, structuredClone(before))).toEqual({});
    const after = { ...structuredClone(before), body: `${before.body}\n二、时间安排`, mainRecipients: '区属各预算单位、区直各部门' };
    expect(editPatch(before, after)).toEqual({ body: `${before.body}\n二、时间安排`, mainRecipients: ['区属各预算单位', '区直各部门'] });
    // adding a joint issuer with 署名 left to default sends the new 署名 too
    const joint = {
      ...structuredClone(before),
      issuers: [...before.issuers, { unitId: 'rsj', name: '区人力资源和社会保障局' }],
      signatureNames: '',
    };
    expect(editPatch(before, joint)).toEqual({
      issuers: [
        { unitId: 'czj', name: '区财政局' },
        { unitId: 'rsj', name: '区人力资源和社会保障局' },
      ],
      signatureNames: ['区财政局', '区人力资源和社会保障局'],
    });
    // lowering 密级 from 秘密 clears the 保密期限
    const secretForm = { ...structuredClone(before), classification: '秘密', secrecyPeriod: '1年' };
    expect(editPatch(secretForm, { ...secretForm, classification: '内部' })).toEqual({ classification: '内部', secrecyPeriod: null });
  });
});

describe('密级 and the system clearance', () => {
  it("offers every level but disables those above the clearance, with the API's refusal", () => {
    const opts = classificationOptions(CLASSIFICATIONS, '秘密');
    expect(opts.filter((o) => o.allowed).map((o) => o.value)).toEqual(['公开', '内部', '秘密']);
    expect(opts.find((o) => o.value === '机密')?.label).toBe('机密（本系统不可处理）');
    expect(
      classificationOptions(CLASSIFICATIONS, '内部')
        .filter((o) => o.allowed)
        .map((o) => o.value),
    ).toEqual(['公开', '内部']);
    const errs = checkDraft(form({ classification: '绝密', secrecyPeriod: '30年' }), '秘密');
    expect(errs).toEqual([{ field: 'classification', message: clearanceRefusal('绝密', '秘密') }]);
    expect(clearanceRefusal('机密', '秘密')).toBe(
      '本系统最高只能处理“秘密”级公文，“机密”级公文不得在本系统中拟制、传输或存储，请通过涉密渠道办理',
    );
  });

  it('checks the elements the way the domain does', () => {
    const fields = (f: DraftForm) => checkDraft(f, '秘密').map((e) => e.field);
    expect(fields(form())).toEqual([]);
    expect(fields(form({ title: ' ', numberCode: '区财〔预〕' }))).toEqual(['title', 'numberCode']);
    expect(fields(form({ classification: '秘密' }))).toEqual(['secrecyPeriod']);
    expect(fields(form({ kind: '请示', mainRecipients: '区政府、区委' }))).toEqual(['mainRecipients']);
    expect(
      fields(
        form({
          issuers: [
            { unitId: 'czj', name: '区财政局' },
            { unitId: '', name: '区财政局' },
          ],
        }),
      ),
    ).toEqual(['issuers']);
    expect(checkSubmittable(form({ body: ' ', mainRecipients: '' })).map((e) => e.field)).toEqual(['body', 'mainRecipients']);
    expect(checkSubmittable(form({ kind: '公告', mainRecipients: '' }))).toEqual([]);
  });

  it('writes the 附件说明 as GB/T 9704 prints it', () => {
    expect(attachmentNote([])).toBe('');
    expect(attachmentNote(['预算表'])).toBe('附件：预算表');
    expect(attachmentNote(['预算表', '说明'])).toBe('附件：1. 预算表\n　　　2. 说明');
  });
});

describe('actions allowed now (decided by the server)', () => {
  it('shows the allowedActions the server sent, in button order, ignoring names it does not know', () => {
    expect(outgoingActions({ allowedActions: ['submit', 'edit'] })).toEqual(['edit', 'submit']);
    expect(outgoingActions({ allowedActions: ['distribute', 'verify', 'teleport'] })).toEqual(['verify', 'distribute']);
    expect(outgoingActions({})).toEqual([]);
    expect(incomingActions({ allowedActions: ['return', 'signFor'] })).toEqual(['signFor', 'return']);
    expect(incomingActions({ allowedActions: 'read' as unknown as string[] })).toEqual([]);
  });
});

describe('正文 diff rows', () => {
  const eq = (n: number): DiffLine => ({ op: 'equal', text: `第${n}行`, oldLine: n, newLine: n });

  it('shows changes with two lines of context and folds the unchanged runs between them', () => {
    const lines: DiffLine[] = [
      eq(1),
      eq(2),
      eq(3),
      eq(4),
      { op: 'delete', text: '坚持量入为出。', oldLine: 5 },
      { op: 'insert', text: '坚持量入为出、收支平衡。', newLine: 5 },
      eq(6),
      eq(7),
      eq(8),
      eq(9),
      eq(10),
    ];
    const rows = diffRows(lines);
    expect(rows.map((r) => [r.kind, r.sign, r.oldNo, r.newNo, r.text])).toEqual([
      ['skip', '', '', '', '… 省略 2 行相同内容 …'],
      ['equal', ' ', '3', '3', '第3行'],
      ['equal', ' ', '4', '4', '第4行'],
      ['delete', '−', '5', '', '坚持量入为出。'],
      ['insert', '+', '', '5', '坚持量入为出、收支平衡。'],
      ['equal', ' ', '6', '6', '第6行'],
      ['equal', ' ', '7', '7', '第7行'],
      ['skip', '', '', '', '… 省略 3 行相同内容 …'],
    ]);
  });

  it('shows every line when nothing changed, and nothing for empty input', () => {
    expect(diffRows([eq(1), eq(2), eq(3), eq(4), eq(5), eq(6)]).map((r) => r.kind)).toEqual(Array(6).fill('equal'));
    expect(diffRows([])).toEqual([]);
  });
});

describe('search parameters and 收文时间', () => {
  it('leaves empty filters out and adds paging and format', () => {
    expect(searchParams({ q: ' 预算 ', title: '', kind: '通知', direction: '' }, 2, 20)).toEqual({
      q: '预算',
      kind: '通知',
      page: '2',
      pageSize: '20',
    });
    expect(searchParams({ from: '2026-01-01' }, undefined, undefined, 'xlsx')).toEqual({ from: '2026-01-01', format: 'xlsx' });
  });

  it('reads a back-dated time in Beijing time and writes UTC, and back', () => {
    expect(shanghaiLocalToIso('2025-12-20T10:00')).toBe('2025-12-20T02:00:00.000Z');
    expect(shanghaiLocalToIso('2026-01-01T03:30')).toBe('2025-12-31T19:30:00.000Z');
    expect(shanghaiLocalToIso('2026-02-30T10:00')).toBe('');
    expect(shanghaiLocalToIso('昨天')).toBe('');
    expect(isoToShanghaiLocal('2025-12-31T19:30:00.000Z')).toBe('2026-01-01T03:30');
  });
});

describe('附件 upload checks (the API policy, checked before uploading)', () => {
  it('allows the listed types up to 20 MB, refuses others, empty and oversized files, in Chinese', () => {
    for (const name of ['预算表.xlsx', 'a.PDF', '扫描件.jpeg', '数据.ofd', '材料.zip', '旧版.doc'])
      expect(checkAttachmentFile(name, 1024)).toBeNull();
    expect(checkAttachmentFile('大文件.pdf', ATTACHMENT_MAX_BYTES)).toBeNull();
    expect(checkAttachmentFile('大文件.pdf', ATTACHMENT_MAX_BYTES + 1)).toBe('“大文件.pdf”：超过 20 MB，不能上传');
    expect(checkAttachmentFile('setup.exe', 10)).toContain('不支持的附件类型');
    expect(checkAttachmentFile('无扩展名', 10)).toContain('不支持的附件类型');
    expect(checkAttachmentFile('空.pdf', 0)).toBe('“空.pdf”：不能上传空文件');
    expect(ATTACHMENT_ACCEPT.split(',')).toContain('.docx');
  });

  it('prints sizes in KB/MB', () => {
    expect(fileSize(100)).toBe('1 KB');
    expect(fileSize(2048)).toBe('2 KB');
    expect(fileSize(3 * 1048576 + 524288)).toBe('3.5 MB');
  });
});
