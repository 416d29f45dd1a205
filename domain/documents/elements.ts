/**
 * 公文要素 (GB/T 9704-2012) and the 15 kinds of the 党政机关公文处理工作条例, as pure values and checks.
 *
 * Public API
 *  - DOCUMENT_KINDS (15 文种), CLASSIFICATIONS (密级, lowest first), URGENCIES (紧急程度), UPWARD_KINDS
 *    (上行文: 签发人 shown), OPTIONAL_MAIN_RECIPIENT_KINDS, INCOMING_CATEGORIES (+ labels)
 *  - DocumentElements: what the drafter writes (everything but the 正文, which is versioned apart)
 *  - checkElements(elements, clearance) → FieldError[] (Chinese messages, field-addressed)
 *  - checkClearance(classification, clearance) → DomainError | null ("本系统最高处理…")
 *  - formatDocNumber('区财预', 2026, 3) → '区财预〔2026〕3号'; formatCopyNo(1) → '000001'
 *  - shanghaiDate(iso) → 'YYYY-MM-DD' (成文日期/印发日期 are calendar dates in Asia/Shanghai, UTC+8, no DST)
 *  - normaliseForSearch(text): NFKC + lower case + collapsed white space (the 综合查询 body column)
 */
import { DomainError } from '../shared/errors';

/** 15 文种. */
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
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const isDocumentKind = (x: unknown): x is DocumentKind => typeof x === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(x);

/** 密级, lowest first. 公开/内部 are not state secrets; 秘密/机密/绝密 are (GB/T 9704 §7.2.2). */
export const CLASSIFICATIONS = ['公开', '内部', '秘密', '机密', '绝密'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const isClassification = (x: unknown): x is Classification =>
  typeof x === 'string' && (CLASSIFICATIONS as readonly string[]).includes(x);
/** Levels that are state secrets: they need a 保密期限 and a 份号. */
export const SECRET_LEVELS: readonly Classification[] = ['秘密', '机密', '绝密'];
/** What this system may carry unless configured otherwise (它不是涉密信息系统的最高等级). */
export const DEFAULT_CLEARANCE: Classification = '秘密';

/** 紧急程度: 特急 / 加急, or 平件 (nothing printed). */
export const URGENCIES = ['特急', '加急', '平件'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const isUrgency = (x: unknown): x is Urgency => typeof x === 'string' && (URGENCIES as readonly string[]).includes(x);

/** 上行文: the 签发人 is printed (GB/T 9704 §7.2.6) and required. */
export const UPWARD_KINDS: readonly DocumentKind[] = ['请示', '报告'];
/** Kinds usually published without a 主送机关. */
export const OPTIONAL_MAIN_RECIPIENT_KINDS: readonly DocumentKind[] = ['决议', '公报', '公告', '通告', '命令', '纪要'];

/** 收文 categories: 普通公文, 传真电报, 督办公文 (each with its own label in registers). */
export const INCOMING_CATEGORIES = ['normal', 'fax', 'supervision'] as const;
export type IncomingCategory = (typeof INCOMING_CATEGORIES)[number];
export const INCOMING_CATEGORY_LABELS: Record<IncomingCategory, string> = { normal: '普通公文', fax: '传真电报', supervision: '督办公文' };
export const isIncomingCategory = (x: unknown): x is IncomingCategory =>
  typeof x === 'string' && (INCOMING_CATEGORIES as readonly string[]).includes(x);

/** 发文机关 (one per issuer; several = 联合行文, the first is the 主办机关 whose 代字 numbers the document). */
export interface Issuer {
  /** The unit inside the platform, or null for an organ outside it (联合行文 with another body). */
  unitId: string | null;
  /** 发文机关全称或规范化简称, printed in red. */
  name: string;
}

/** 附件 metadata (the file itself is stored elsewhere, addressed by its hash). */
export interface AttachmentMeta {
  name: string;
  /** hex SHA-256 of the file. */
  sha256: string;
  /** Bytes. */
  size: number;
}

/** What the drafter writes (GB/T 9704 elements), except the 正文 (versioned) and what is assigned later. */
export interface DocumentElements {
  kind: DocumentKind;
  /** 标题 */
  title: string;
  /** 密级 */
  classification: Classification;
  /** 保密期限, e.g. '1年', '6个月' (required for 秘密 and above; none below). */
  secrecyPeriod: string | null;
  /** 紧急程度 */
  urgency: Urgency;
  /** 发文机关标志: one issuer, or several (联合行文). */
  issuers: Issuer[];
  /** 机关代字 of the 主办机关, e.g. '区财预' → 区财预〔2026〕N号. */
  numberCode: string;
  /** 主送机关 */
  mainRecipients: string[];
  /** 抄送机关 */
  copyTo: string[];
  /** 附件 (附件说明 lists their names in order). */
  attachments: AttachmentMeta[];
  /** 发文机关署名 (defaults to the issuers' names). */
  signatureNames: string[];
  /** 附注 */
  note: string | null;
  /** 印发机关 (e.g. '区财政局办公室'); filled at 分发 when empty. */
  printingOrgan: string | null;
}

/** The elements whose change after 签发 sends the document back to the signer (复核). */
export const SUBSTANTIVE_FIELDS = ['body', 'title', 'mainRecipients'] as const;

export interface FieldError {
  field: string;
  message: string;
}

export const LIMITS = { title: 200, body: 200_000, organ: 100, recipients: 100, attachments: 50, note: 500, code: 20 } as const;

const CODE = /^[\u4e00-\u9fffA-Za-z0-9]{1,20}$/;
const SHA256 = /^[0-9a-f]{64}$/;

const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);

/** Refusal for a level above what the system may carry. */
export function checkClearance(classification: Classification, clearance: Classification = DEFAULT_CLEARANCE): DomainError | null {
  if (rank(classification) <= rank(clearance)) return null;
  return new DomainError(
    'rule',
    'document.classification_above_clearance',
    `本系统最高只能处理“${clearance}”级公文，“${classification}”级公文不得在本系统中拟制、传输或存储，请通过涉密渠道办理`,
    'classification',
  );
}

/** Field-addressed checks of the elements (the shape is guaranteed by the DTO; these are the rules). */
export function checkElements(e: DocumentElements, clearance: Classification = DEFAULT_CLEARANCE): FieldError[] {
  const out: FieldError[] = [];
  const err = (field: string, message: string) => out.push({ field, message });
  if (!isDocumentKind(e.kind)) err('kind', '文种须为 15 种法定公文之一');
  if (!e.title?.trim()) err('title', '标题不能为空');
  else if (e.title.length > LIMITS.title) err('title', `标题不能超过 ${LIMITS.title} 个字`);
  if (!isClassification(e.classification)) err('classification', '密级须为 公开、内部、秘密、机密、绝密 之一');
  else {
    const refused = checkClearance(e.classification, clearance);
    if (refused) err('classification', refused.message);
    const secret = SECRET_LEVELS.includes(e.classification);
    if (secret && !e.secrecyPeriod?.trim()) err('secrecyPeriod', '涉密公文须标注保密期限');
    if (!secret && e.secrecyPeriod) err('secrecyPeriod', '非涉密公文不标注保密期限');
  }
  if (!isUrgency(e.urgency)) err('urgency', '紧急程度须为 特急、加急 或 平件');
  if (!Array.isArray(e.issuers) || e.issuers.length === 0) err('issuers', '须至少有一个发文机关');
  else {
    const names = new Set<string>();
    e.issuers.forEach((x, i) => {
      if (!x.name?.trim()) err(`issuers[${i}].name`, '发文机关名称不能为空');
      else if (names.has(x.name)) err(`issuers[${i}].name`, `发文机关“${x.name}”重复`);
      names.add(x.name);
    });
  }
  if (!CODE.test(e.numberCode ?? '')) err('numberCode', '机关代字须为 1–20 个汉字、字母或数字');
  const organs = (field: 'mainRecipients' | 'copyTo' | 'signatureNames') => {
    const seen = new Set<string>();
    (e[field] ?? []).forEach((x, i) => {
      if (!x?.trim()) err(`${field}[${i}]`, '机关名称不能为空');
      else if (x.length > LIMITS.organ) err(`${field}[${i}]`, `机关名称不能超过 ${LIMITS.organ} 个字`);
      else if (seen.has(x)) err(`${field}[${i}]`, `“${x}”重复`);
      seen.add(x);
    });
  };
  organs('mainRecipients');
  organs('copyTo');
  organs('signatureNames');
  if (e.kind === '请示' && e.mainRecipients.length > 1) err('mainRecipients', '请示应当一文一事，只主送一个上级机关');
  (e.attachments ?? []).forEach((a, i) => {
    if (!a.name?.trim()) err(`attachments[${i}].name`, '附件名称不能为空');
    if (!SHA256.test(a.sha256 ?? '')) err(`attachments[${i}].sha256`, '附件摘要须为 64 位小写十六进制 SHA-256');
    if (!Number.isSafeInteger(a.size) || a.size < 0) err(`attachments[${i}].size`, '附件大小须为非负整数（字节）');
  });
  if (e.note && e.note.length > LIMITS.note) err('note', `附注不能超过 ${LIMITS.note} 个字`);
  return out;
}

/** Completeness for 送审 (submission): what a reviewer needs to see. */
export function checkSubmittable(e: DocumentElements, body: string): FieldError[] {
  const out: FieldError[] = [];
  if (!body.trim()) out.push({ field: 'body', message: '正文不能为空' });
  if (e.mainRecipients.length === 0 && !OPTIONAL_MAIN_RECIPIENT_KINDS.includes(e.kind)) {
    out.push({ field: 'mainRecipients', message: `“${e.kind}”须填写主送机关` });
  }
  return out;
}

/** 发文字号: 机关代字〔年份〕序号号 — the year in 六角括号, the number without leading zeros (GB/T 9704 §7.2.4). */
export function formatDocNumber(code: string, year: number, n: number): string {
  return `${code}〔${year}〕${n}号`;
}

/** 份号: six digits (GB/T 9704 §7.2.1). */
export function formatCopyNo(n: number): string {
  return String(n).padStart(6, '0');
}

/** The calendar date in Asia/Shanghai (UTC+8 all year). */
export function shanghaiDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new TypeError(`not an ISO time: ${iso}`);
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The year (in Asia/Shanghai) of an instant: the 年份 of a 发文字号 assigned then. */
export function shanghaiYear(iso: string): number {
  return Number(shanghaiDate(iso).slice(0, 4));
}

/** For the 综合查询 keyword column: NFKC (全角→半角), lower case, white space collapsed. */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
