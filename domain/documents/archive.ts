/**
 * 归档 per DA/T 22-2015 (归档文件整理规则): the filing of one document (件).
 *
 * 档号 = 全宗号-档案门类代码·年度-保管期限代码-机构（问题）代码-件号, e.g. `Z109-WS·2026-Y-BGS-0001`
 * (门类代码 WS = 文书; 保管期限代码 永久 Y, 定期30年 D30, 定期10年 D10; 件号 four digits).
 * 件号 are sequential per (全宗号, 年度, 保管期限, 机构代码) — assigned by the ArchiveItemRegister
 * (numbering.ts), gap-free.
 *
 * Public API: RETENTIONS, RETENTION_CODES, ArchiveFiling, formatArchivalCode, checkArchiveKey.
 */
import type { Classification } from './elements';

export const RETENTIONS = ['永久', '30年', '10年'] as const;
export type Retention = (typeof RETENTIONS)[number];
export const RETENTION_CODES: Record<Retention, string> = { 永久: 'Y', '30年': 'D30', '10年': 'D10' };
export const isRetention = (x: unknown): x is Retention => typeof x === 'string' && (RETENTIONS as readonly string[]).includes(x);

/** 档案门类代码: 文书 (documents). */
export const CATEGORY_CODE = 'WS';

export interface ArchiveKey {
  /** 全宗号, e.g. 'Z109' */
  fondsCode: string;
  /** 年度 */
  year: number;
  /** 保管期限 */
  retention: Retention;
  /** 机构（问题）代码, e.g. 'BGS' */
  orgCode: string;
}

/** What an archivist files (DA/T 22 归档文件目录 items + the key). */
export interface ArchiveFiling extends ArchiveKey {
  /** 件号 */
  itemNumber: number;
  /** 档号 */
  archivalCode: string;
  /** 文号 (发文字号 / 来文字号) */
  docNumber: string | null;
  /** 责任者 (the issuing organ(s)) */
  responsible: string;
  /** 题名 */
  title: string;
  /** 日期 YYYYMMDD (成文日期) */
  date: string;
  /** 密级 */
  classification: Classification;
  /** 页数 (from the rendered PDF when known) */
  pages: number | null;
  /** 备注 */
  remarks: string;
}

const FONDS = /^[A-Za-z0-9]{1,12}$/;
const ORG = /^[A-Za-z0-9]{1,12}$/;

export function formatArchivalCode(k: ArchiveKey, itemNumber: number): string {
  return `${k.fondsCode}-${CATEGORY_CODE}·${k.year}-${RETENTION_CODES[k.retention]}-${k.orgCode}-${String(itemNumber).padStart(4, '0')}`;
}

/** Field-addressed checks (Chinese). */
export function checkArchiveKey(k: Partial<ArchiveKey>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (!FONDS.test(k.fondsCode ?? '')) out.push({ field: 'fondsCode', message: '全宗号须为 1–12 位字母或数字' });
  if (!Number.isInteger(k.year) || (k.year as number) < 1949 || (k.year as number) > 2999)
    out.push({ field: 'year', message: '年度须为四位年份' });
  if (!isRetention(k.retention)) out.push({ field: 'retention', message: '保管期限须为 永久、30年 或 10年' });
  if (!ORG.test(k.orgCode ?? '')) out.push({ field: 'orgCode', message: '机构（问题）代码须为 1–12 位字母或数字' });
  return out;
}

/** 'YYYY-MM-DD' → 'YYYYMMDD' (DA/T 22 日期 format). */
export const compactDate = (d: string) => d.replaceAll('-', '');
