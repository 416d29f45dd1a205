/**
 * 公文 pages — pure parts (no Angular): the drafting form model ↔ the API's DTOs (GB/T 9704
 * elements), the 密级 options limited to the system's clearance, the server's allowed actions (as
 * button lists), the 正文 diff rows, search parameters and the back-dated 收文时间.
 * The server stays the authority: these only decide what to show.
 */
import type { components } from '../../core/api-types';

// ── vocabulary (the DTO's enums in /api/openapi.json; /api/documents/meta is preferred when loaded) ──
type Draft = components['schemas']['DraftOutgoingDto'];
/** Compiles only when `Listed` is exactly the API's enum `Api` (a 文种/密级/缓急 added on the server breaks the build here). */
type Exactly<Listed, Api> = [Exclude<Api, Listed>, Exclude<Listed, Api>] extends [never, never] ? true : never;
export const DOCUMENT_KINDS = [
  '决议',
  '决定',
  '命令',
  '公报',
  '公告',
  '通告',
  '意见',
  '通知',
  '通报',
  '报告',
  '请示',
  '批复',
  '议案',
  '函',
  '纪要',
] as const;
export const CLASSIFICATIONS = ['公开', '内部', '秘密', '机密', '绝密'] as const;
export const SECRET_LEVELS: readonly string[] = ['秘密', '机密', '绝密'];
export const URGENCIES = ['平件', '加急', '特急'] as const;
export const VOCABULARY_MATCHES_API: [
  Exactly<(typeof DOCUMENT_KINDS)[number], Draft['kind']>,
  Exactly<(typeof CLASSIFICATIONS)[number], Draft['classification']>,
  Exactly<(typeof URGENCIES)[number], NonNullable<Draft['urgency']>>,
] = [true, true, true];
/** 上行文: the 签发人 is printed in the header (GB/T 9704 §7.2.6). */
export const UPWARD_KINDS: readonly string[] = ['请示', '报告'];
export const OPTIONAL_MAIN_RECIPIENT_KINDS: readonly string[] = ['决议', '公报', '公告', '通告', '命令', '纪要'];
export const RETENTIONS = ['永久', '30年', '10年'] as const;
export const INCOMING_CATEGORY_LABELS: Record<string, string> = { normal: '普通公文', fax: '传真电报', supervision: '督办公文' };
export const OUTGOING_STATUS_LABELS: Record<string, string> = {
  draft: '拟稿',
  in_review: '审核中',
  signed: '已签发',
  distributed: '已分发',
  archived: '已归档',
};
export const INCOMING_STATUS_LABELS: Record<string, string> = {
  pending: '待签收',
  returned: '已退回',
  signed: '已签收',
  registered: '已登记',
  proposed: '已拟办',
  instructed: '已批示',
  assigned: '承办中',
  completed: '已办结',
  archived: '已归档',
};
export const EXCHANGE_STATUS_LABELS: Record<string, string> = { sent: '已发送', signed: '已签收', returned: '已退回' };

export interface DocumentMeta {
  kinds: string[];
  classifications: string[];
  clearance: string;
  categories: Record<string, string>;
}

export function normalizeMeta(x: unknown): DocumentMeta {
  const o = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
  const list = (v: unknown, d: readonly string[]) =>
    Array.isArray(v) && v.every((s) => typeof s === 'string') && v.length ? (v as string[]) : [...d];
  const classifications = list(o['classifications'], CLASSIFICATIONS);
  const clearance = typeof o['clearance'] === 'string' && classifications.includes(o['clearance']) ? o['clearance'] : '秘密';
  const cats =
    o['categories'] && typeof o['categories'] === 'object' ? (o['categories'] as Record<string, string>) : INCOMING_CATEGORY_LABELS;
  return { kinds: list(o['kinds'], DOCUMENT_KINDS), classifications, clearance, categories: cats };
}

// ── 密级 and the system's clearance ─────────────────────────────────────────────────────────────
/** The API's refusal, word for word (domain/documents/elements.ts checkClearance). */
export function clearanceRefusal(level: string, clearance: string): string {
  return `本系统最高只能处理“${clearance}”级公文，“${level}”级公文不得在本系统中拟制、传输或存储，请通过涉密渠道办理`;
}

export interface ClassificationOption {
  value: string;
  allowed: boolean;
  label: string;
}

/** Every level in order; those above the clearance are shown but disabled. */
export function classificationOptions(levels: readonly string[], clearance: string): ClassificationOption[] {
  const max = levels.indexOf(clearance);
  return levels.map((value, i) => {
    const allowed = max < 0 || i <= max;
    return { value, allowed, label: allowed ? value : `${value}（本系统不可处理）` };
  });
}

export function isSecret(level: string): boolean {
  return SECRET_LEVELS.includes(level);
}

// ── the drafting form ───────────────────────────────────────────────────────────────────────────
export interface IssuerForm {
  /** A unit of the platform, or '' for an organ outside it (联合行文). */
  unitId: string;
  name: string;
}

export interface AttachmentForm {
  name: string;
  sha256: string;
  size: number;
}

/** What the drafting page edits. Lists of organs are one text each (separated by 、，, ; or new lines). */
export interface DraftForm {
  kind: string;
  title: string;
  classification: string;
  secrecyPeriod: string;
  urgency: string;
  issuers: IssuerForm[];
  numberCode: string;
  mainRecipients: string;
  copyTo: string;
  attachments: AttachmentForm[];
  signatureNames: string;
  note: string;
  printingOrgan: string;
  body: string;
  /** 签发人 (user id) for 送审; '' = the unit's leader. */
  signerId: string;
}

export interface DraftDto {
  kind: string;
  title: string;
  classification: string;
  secrecyPeriod?: string | null;
  urgency: string;
  issuers: { unitId: string | null; name: string }[];
  numberCode: string;
  mainRecipients: string[];
  copyTo: string[];
  attachments: AttachmentForm[];
  signatureNames?: string[];
  note: string | null;
  printingOrgan: string | null;
  body: string;
}

export type EditDto = Partial<Omit<DraftDto, 'signatureNames'>> & { signatureNames?: string[] };

/** 主送/抄送/署名 text → names: split on 、，,;； and new lines, trimmed, empty and repeated ones dropped. */
export function splitOrgans(text: string): string[] {
  const out: string[] = [];
  for (const raw of (text ?? '').split(/[、，,;；\n\r]+/)) {
    const s = raw.trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

export function joinOrgans(list: readonly string[] | null | undefined): string {
  return (list ?? []).join('、');
}

export function emptyDraft(unit: { id: string; name: string }): DraftForm {
  return {
    kind: '通知',
    title: '',
    classification: '内部',
    secrecyPeriod: '',
    urgency: '平件',
    issuers: [{ unitId: unit.id, name: unit.name }],
    numberCode: '',
    mainRecipients: '',
    copyTo: '',
    attachments: [],
    signatureNames: '',
    note: '',
    printingOrgan: '',
    body: '',
    signerId: '',
  };
}

/** The drafting form → POST /api/documents/outgoing. */
export function draftToDto(f: DraftForm): DraftDto {
  const dto: DraftDto = {
    kind: f.kind,
    title: f.title.trim(),
    classification: f.classification,
    urgency: f.urgency || '平件',
    issuers: f.issuers.filter((i) => i.name.trim()).map((i) => ({ unitId: i.unitId.trim() || null, name: i.name.trim() })),
    numberCode: f.numberCode.trim(),
    mainRecipients: splitOrgans(f.mainRecipients),
    copyTo: splitOrgans(f.copyTo),
    attachments: f.attachments.filter((a) => a.name.trim()).map((a) => ({ name: a.name.trim(), sha256: a.sha256, size: a.size })),
    note: f.note.trim() || null,
    printingOrgan: f.printingOrgan.trim() || null,
    body: f.body,
  };
  if (isSecret(f.classification)) dto.secrecyPeriod = f.secrecyPeriod.trim() || null;
  const names = splitOrgans(f.signatureNames);
  if (names.length) dto.signatureNames = names;
  return dto;
}

/** An outgoing document from the API (GET /api/documents/outgoing/:id) → the form. */
export function viewToForm(v: OutgoingView): DraftForm {
  const e = v.elements;
  return {
    kind: e.kind,
    title: e.title,
    classification: e.classification,
    secrecyPeriod: e.secrecyPeriod ?? '',
    urgency: e.urgency,
    issuers: e.issuers.map((i) => ({ unitId: i.unitId ?? '', name: i.name })),
    numberCode: e.numberCode,
    mainRecipients: joinOrgans(e.mainRecipients),
    copyTo: joinOrgans(e.copyTo),
    attachments: e.attachments.map((a) => ({ ...a })),
    signatureNames: joinOrgans(e.signatureNames),
    note: e.note ?? '',
    printingOrgan: e.printingOrgan ?? '',
    body: v.body,
    signerId: '',
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * POST …/edit body: only what changed between the loaded form and the edited one (the server
 * records changed fields; a change of 正文/标题/主送 after 签发 goes back to the signer for 复核).
 */
export function editPatch(before: DraftForm, after: DraftForm): EditDto {
  const a = draftToDto(before);
  const b = draftToDto(after);
  const patch: Record<string, unknown> = {};
  const keys: (keyof DraftDto)[] = [
    'kind',
    'title',
    'classification',
    'urgency',
    'issuers',
    'numberCode',
    'mainRecipients',
    'copyTo',
    'attachments',
    'note',
    'printingOrgan',
    'body',
  ];
  for (const k of keys) if (!same(a[k], b[k])) patch[k] = b[k];
  const secA = a.secrecyPeriod ?? null;
  const secB = b.secrecyPeriod ?? null;
  if (secA !== secB) patch['secrecyPeriod'] = secB;
  // 署名 left empty means "the issuers' names": send them so the server does not keep stale ones.
  const namesA = a.signatureNames ?? a.issuers.map((i) => i.name);
  const namesB = b.signatureNames ?? b.issuers.map((i) => i.name);
  if (!same(namesA, namesB)) patch['signatureNames'] = namesB;
  return patch as EditDto;
}

export interface FieldError {
  field: string;
  message: string;
}

/** Client-side checks before saving (the same rules the domain applies; its answer still wins). */
export function checkDraft(f: DraftForm, clearance: string, levels: readonly string[] = CLASSIFICATIONS): FieldError[] {
  const out: FieldError[] = [];
  const err = (field: string, message: string) => out.push({ field, message });
  if (!f.kind) err('kind', '请选择文种');
  if (!f.title.trim()) err('title', '标题不能为空');
  else if (f.title.length > 200) err('title', '标题不能超过 200 个字');
  const max = levels.indexOf(clearance);
  if (max >= 0 && levels.indexOf(f.classification) > max) err('classification', clearanceRefusal(f.classification, clearance));
  if (isSecret(f.classification) && !f.secrecyPeriod.trim()) err('secrecyPeriod', '涉密公文须标注保密期限');
  const issuers = f.issuers.filter((i) => i.name.trim());
  if (issuers.length === 0) err('issuers', '须至少有一个发文机关');
  const names = issuers.map((i) => i.name.trim());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) err('issuers', `发文机关“${dup}”重复`);
  if (!/^[\u4e00-\u9fffA-Za-z0-9]{1,20}$/.test(f.numberCode.trim())) err('numberCode', '机关代字须为 1–20 个汉字、字母或数字');
  const main = splitOrgans(f.mainRecipients);
  if (f.kind === '请示' && main.length > 1) err('mainRecipients', '请示应当一文一事，只主送一个上级机关');
  if (f.note.length > 500) err('note', '附注不能超过 500 个字');
  return out;
}

/** What 送审 needs on top (domain checkSubmittable). */
export function checkSubmittable(f: DraftForm): FieldError[] {
  const out: FieldError[] = [];
  if (!f.body.trim()) out.push({ field: 'body', message: '正文不能为空' });
  if (splitOrgans(f.mainRecipients).length === 0 && !OPTIONAL_MAIN_RECIPIENT_KINDS.includes(f.kind)) {
    out.push({ field: 'mainRecipients', message: `“${f.kind}”须填写主送机关` });
  }
  return out;
}

/** 附件说明 as GB/T 9704 §7.3.3 prints it: "附件：1. 名称" lines. */
export function attachmentNote(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `附件：${names[0]}`;
  return names.map((n, i) => `${i === 0 ? '附件：' : '　　　'}${i + 1}. ${n}`).join('\n');
}

// ── API views ───────────────────────────────────────────────────────────────────────────────────
export interface Elements {
  kind: string;
  title: string;
  classification: string;
  secrecyPeriod: string | null;
  urgency: string;
  issuers: { unitId: string | null; name: string }[];
  numberCode: string;
  mainRecipients: string[];
  copyTo: string[];
  attachments: AttachmentForm[];
  signatureNames: string[];
  note: string | null;
  printingOrgan: string | null;
}

export interface VersionInfo {
  version: number;
  authorId: string;
  authorName: string;
  stage: string;
  at: string;
  length: number;
}

export interface ProcessLogRow {
  seq?: number;
  at: string;
  nodeId: string;
  nodeName: string;
  action: string;
  actorId: string;
  actorName?: string;
  onBehalfOf: string | null;
  opinion: string;
  signature?: unknown;
}

/** An uploaded 附件 as the API lists it (id = hex SM3; null for a name-only entry without a file). */
export interface AttachmentItem {
  id: string | null;
  name: string;
  size: number;
  sha256: string;
  fileName: string | null;
  contentType: string | null;
  uploadedBy: { id: string; name: string } | null;
  at: string | null;
}

/** The upload policy the API enforces (api/documents/routes.ts, domain ATTACHMENT_TYPES). */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_EXTENSIONS = ['pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'jpg', 'jpeg', 'png', 'zip'] as const;
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');

/** Checks a picked file before uploading it: the message (Chinese) or null. */
export function checkAttachmentFile(name: string, size: number): string | null {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (!(ATTACHMENT_EXTENSIONS as readonly string[]).includes(ext))
    return `“${name}”：不支持的附件类型，仅限 PDF、OFD、Word、Excel、JPG、PNG、ZIP`;
  if (size === 0) return `“${name}”：不能上传空文件`;
  if (size > ATTACHMENT_MAX_BYTES) return `“${name}”：超过 20 MB，不能上传`;
  return null;
}

/** 1.5 MB / 12 KB */
export function fileSize(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export interface OutgoingView {
  id: string;
  status: string;
  stage: string;
  unitId: string;
  departmentId: string;
  drafter: { id: string; name: string };
  elements: Elements;
  body: string;
  version: number;
  versions: VersionInfo[];
  processId: string | null;
  signature: { signerId: string; signerName: string; opinion: string; signedAt: string; version: number } | null;
  writtenDate: string | null;
  review: { signerId: string; changedFields: string[]; version: number; requestedBy: string; requestedAt: string } | null;
  number: { code: string; year: number; number: number; docNumber: string } | null;
  rendered: { version: number; pdfSha256: string; pages: number; templateId: string; at: string } | null;
  sealed: { sealId: string; at: string; pdfSm3: string } | null;
  deliveries: {
    unitId: string;
    unitName: string;
    incomingId: string;
    copyNo: string;
    status: string;
    statusLabel: string;
    reason: string;
    sentAt: string;
    actedAt: string | null;
  }[];
  printingOrgan: string | null;
  printedDate: string | null;
  archive: ArchiveInfo | null;
  process: {
    id: string;
    status: string;
    currentNodes: string[];
    openTasks: { taskId: string; nodeId: string; assignee: string; kind: string }[];
    log: ProcessLogRow[];
  } | null;
  sealRequired: boolean;
  ports: { renderer: boolean; seal: boolean };
  /** What the caller may do now (decided by the server; outgoingActions). */
  allowedActions?: string[];
  /** Uploaded 附件 in 附件说明 order (absent from older servers). */
  attachmentFiles?: AttachmentItem[];
}

export interface ArchiveInfo {
  fondsCode: string;
  year: number;
  retention: string;
  orgCode: string;
  itemNumber: number;
  archivalCode: string;
}

export interface IncomingView {
  id: string;
  status: string;
  stage: string;
  unitId: string;
  unitName: string;
  category: string;
  categoryLabel: string;
  origin: 'exchange' | 'paper';
  from: { outgoingId: string; unitId: string; unitName: string } | null;
  copyNo: string | null;
  document:
    | (Omit<Elements, 'numberCode' | 'signatureNames' | 'note'> & {
        docNumber: string;
        body: string;
        signerName: string | null;
        writtenDate: string | null;
        printedDate: string | null;
        pdf: unknown;
      })
    | null;
  body: string;
  receivedAt: string | null;
  signedFor: { actorName: string; at: string } | null;
  returned: { reason: string; at: string } | null;
  receiptNumber: string | null;
  entry: {
    sourceOrgan: string;
    docNumber: string;
    title: string;
    kind: string | null;
    classification: string;
    urgency: string;
    copies: number;
    pages: number | null;
    receivedDate: string;
    supervisionDeadline: string | null;
    remarks: string;
  } | null;
  proposals: { opinion: string; proposerName: string; leaderIds: string[]; at: string }[];
  instructions: { leaderId: string; leaderName: string; onBehalfOf: string | null; instruction: string; strokes: unknown; at: string }[];
  assignment: { lead: { id: string; name: string }; co: { id: string; name: string }[]; deadline: string | null; at: string } | null;
  readers: { userId: string; name?: string; round?: number; readAt: string | null }[];
  completed: { summary: string; at: string } | null;
  archive: ArchiveInfo | null;
  exchange: { statusLabel: string } | null;
  /** What the caller may do now (decided by the server; incomingActions). */
  allowedActions?: string[];
  /** The sender's uploaded 附件 (exchanged documents; absent from older servers). */
  attachmentFiles?: AttachmentItem[];
}

// ── actions allowed now ─────────────────────────────────────────────────────────────────────────
/**
 * What the caller may do now is decided by the server (GET …/outgoing/:id and …/incoming/:id answer
 * `allowedActions`, asked of the domain's deciders); the page shows exactly those buttons and keeps no
 * copy of the state machine. Unknown names (a newer server) are ignored.
 */
export type OutgoingAction =
  'edit' | 'submit' | 'approve' | 'return' | 'reconfirm' | 'number' | 'render' | 'seal' | 'verify' | 'distribute' | 'archive';

export const OUTGOING_ACTION_LABELS: Record<OutgoingAction, string> = {
  edit: '修改',
  submit: '送审',
  approve: '同意',
  return: '退回修改',
  reconfirm: '复核确认',
  number: '登记编号',
  render: '套红',
  seal: '用印',
  verify: '验证签章',
  distribute: '分发',
  archive: '归档',
};

export type IncomingAction =
  'signFor' | 'return' | 'register' | 'propose' | 'instruct' | 'assign' | 'circulate' | 'read' | 'complete' | 'archive';

const INCOMING_ACTIONS: readonly IncomingAction[] = [
  'signFor',
  'return',
  'register',
  'propose',
  'instruct',
  'assign',
  'circulate',
  'read',
  'complete',
  'archive',
];

function allowedOf<T extends string>(raw: unknown, known: readonly T[]): T[] {
  return Array.isArray(raw) ? known.filter((a) => raw.includes(a)) : [];
}

/** The server's allowedActions for a 发文, in button order. */
export function outgoingActions(v: Pick<OutgoingView, 'allowedActions'>): OutgoingAction[] {
  return allowedOf(v.allowedActions, Object.keys(OUTGOING_ACTION_LABELS) as OutgoingAction[]);
}

/** The server's allowedActions for a 收文, in button order. */
export function incomingActions(v: Pick<IncomingView, 'allowedActions'>): IncomingAction[] {
  return allowedOf(v.allowedActions, INCOMING_ACTIONS);
}

// ── 正文 diff ───────────────────────────────────────────────────────────────────────────────────
export interface DiffLine {
  op: 'equal' | 'delete' | 'insert';
  text: string;
  oldLine?: number;
  newLine?: number;
}

export interface DiffRow {
  kind: 'equal' | 'delete' | 'insert' | 'skip';
  sign: string;
  oldNo: string;
  newNo: string;
  text: string;
}

/**
 * Unified diff rows: changed lines with `context` unchanged lines around them; longer unchanged
 * runs fold into one "省略 N 行相同内容" row. No changes at all → every line, unfolded.
 */
export function diffRows(lines: readonly DiffLine[], context = 2): DiffRow[] {
  const changed = lines.map((l) => l.op !== 'equal');
  const keep = lines.map((_, i) => {
    if (!changed.includes(true)) return true;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) if (changed[j]) return true;
    return false;
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  const flush = () => {
    if (skipped) rows.push({ kind: 'skip', sign: '', oldNo: '', newNo: '', text: `… 省略 ${skipped} 行相同内容 …` });
    skipped = 0;
  };
  lines.forEach((l, i) => {
    if (!keep[i]) {
      skipped++;
      return;
    }
    flush();
    rows.push({
      kind: l.op,
      sign: l.op === 'insert' ? '+' : l.op === 'delete' ? '−' : ' ',
      oldNo: l.oldLine !== undefined ? String(l.oldLine) : '',
      newNo: l.newLine !== undefined ? String(l.newLine) : '',
      text: l.text,
    });
  });
  flush();
  return rows;
}

// ── 综合查询 ────────────────────────────────────────────────────────────────────────────────────
export interface SearchFilter {
  q: string;
  title: string;
  number: string;
  issuer: string;
  kind: string;
  direction: '' | 'outgoing' | 'incoming';
  status: string;
  category: string;
  from: string;
  to: string;
}

export const emptyFilter = (): SearchFilter => ({
  q: '',
  title: '',
  number: '',
  issuer: '',
  kind: '',
  direction: '',
  status: '',
  category: '',
  from: '',
  to: '',
});

/** Query parameters for GET /api/documents/search: empty filters are left out. */
export function searchParams(f: Partial<SearchFilter>, page?: number, pageSize?: number, format?: 'xlsx'): Record<string, string> {
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (typeof v === 'string' && v.trim()) p[k] = v.trim();
  if (page) p['page'] = String(page);
  if (pageSize) p['pageSize'] = String(pageSize);
  if (format) p['format'] = format;
  return p;
}

export function statusLabel(direction: string, status: string): string {
  return (direction === 'incoming' ? INCOMING_STATUS_LABELS : OUTGOING_STATUS_LABELS)[status] ?? status;
}

// ── times (收文时间 is entered in Beijing time, stored as UTC) ───────────────────────────────────
/** '2025-12-20T10:00' (a datetime-local value, Beijing time) → '2025-12-20T02:00:00.000Z'; '' when malformed. */
export function shanghaiLocalToIso(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local ?? '');
  if (!m) return '';
  const [, y, mo, d, h, mi, s] = m;
  const t = Date.UTC(+y, +mo - 1, +d, +h - 8, +mi, s ? +s : 0);
  const back = new Date(t + 8 * 3600_000);
  if (back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d) return '';
  return new Date(t).toISOString();
}

/** An instant → the datetime-local value in Beijing time ('YYYY-MM-DDTHH:mm'). */
export function isoToShanghaiLocal(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16);
}
