/**
 * 资产分类 (GB/T 14885 政府固定资产分类与代码, a seeded subset the admin can extend) with the useful
 * lives (折旧年限, months) of the government standard's minimum table (财资〔2017〕70号 政府固定资产折旧年限表):
 * 房屋 30–50 年, 通用设备 5–10 年 (计算机 6 年, 车辆 8 年), 家具 15 年, 用具装具 5 年.
 * A life of 0 means "not depreciated" (土地, 文物和陈列品, 图书档案).
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';

export interface AssetCategory {
  /** GB/T 14885 code, e.g. 'A02010104'. */
  code: string;
  name: string;
  /** 折旧年限 in months (0: not depreciated). */
  usefulLifeMonths: number;
}

export const SEEDED_CATEGORIES: readonly AssetCategory[] = [
  { code: 'A01010000', name: '土地', usefulLifeMonths: 0 },
  { code: 'A01020101', name: '房屋（钢筋混凝土结构）', usefulLifeMonths: 50 * 12 },
  { code: 'A01020102', name: '房屋（砖混结构）', usefulLifeMonths: 30 * 12 },
  { code: 'A01020103', name: '简易房', usefulLifeMonths: 8 * 12 },
  { code: 'A02010104', name: '台式计算机', usefulLifeMonths: 6 * 12 },
  { code: 'A02010105', name: '便携式计算机', usefulLifeMonths: 6 * 12 },
  { code: 'A02010301', name: '服务器', usefulLifeMonths: 6 * 12 },
  { code: 'A02020100', name: '复印机', usefulLifeMonths: 6 * 12 },
  { code: 'A02020400', name: '打印设备', usefulLifeMonths: 6 * 12 },
  { code: 'A02020800', name: '投影仪', usefulLifeMonths: 6 * 12 },
  { code: 'A02030500', name: '乘用车', usefulLifeMonths: 8 * 12 },
  { code: 'A02060000', name: '电气设备', usefulLifeMonths: 5 * 12 },
  { code: 'A02080000', name: '通信设备', usefulLifeMonths: 5 * 12 },
  { code: 'A02090000', name: '广播、电视、电影设备', usefulLifeMonths: 5 * 12 },
  { code: 'A02100000', name: '仪器仪表', usefulLifeMonths: 5 * 12 },
  { code: 'A02040000', name: '机械设备', usefulLifeMonths: 10 * 12 },
  { code: 'A05010000', name: '家具', usefulLifeMonths: 15 * 12 },
  { code: 'A05020000', name: '用具、装具', usefulLifeMonths: 5 * 12 },
  { code: 'A04000000', name: '文物和陈列品', usefulLifeMonths: 0 },
  { code: 'A03000000', name: '图书和档案', usefulLifeMonths: 0 },
];

const CODE = /^[A-Z][0-9]{2,10}$/;

/** The checks of a category (seeded or an admin's): code shape, a name, a life from 0 to 100 years in months. */
export function checkCategory(c: AssetCategory): void {
  if (!CODE.test(c.code)) throw new DomainError('invalid', 'asset.category_code', '分类代码须为一位大写字母加数字（GB/T 14885）', 'code');
  if (!c.name || c.name.length > 60) throw new DomainError('invalid', 'asset.category_name', '请填写分类名称（60 字以内）', 'name');
  if (!Number.isInteger(c.usefulLifeMonths) || c.usefulLifeMonths < 0 || c.usefulLifeMonths > 1200)
    throw new DomainError('invalid', 'asset.category_life', '折旧年限须为 0 到 1200 个月的整数', 'usefulLifeMonths');
}

/** 资产分类目录: stream `asset-categories` (one for the installation). The seed defines SEEDED_CATEGORIES; the admin adds or corrects entries. */
export const CATEGORY_CATALOGUE_STREAM = 'asset-categories';

export type AssetCategoryDefined = DomainEvent<'AssetCategoryDefined', { category: AssetCategory; by: string; at: string }>;
export type CategoryCatalogueEvent = AssetCategoryDefined;
export const CATEGORY_EVENT_TYPES = ['AssetCategoryDefined'] as const satisfies readonly CategoryCatalogueEvent['type'][];
export type DefineCategory = Command<'DefineCategory', { category: AssetCategory }>;

export type CategoryCatalogue = Map<string, AssetCategory>;

/** C1 a category is checked (checkCategory); C2 defining it again unchanged writes nothing; a change of name or life is recorded (applies to cards registered later). */
export const categoryCatalogueDecider: Decider<DefineCategory, CategoryCatalogueEvent, CategoryCatalogue> = {
  initialState: () => new Map(),
  decide: (c, s) => {
    switch (c.type) {
      case 'DefineCategory': {
        checkCategory(c.data.category);
        const old = s.get(c.data.category.code);
        if (old && old.name === c.data.category.name && old.usefulLifeMonths === c.data.category.usefulLifeMonths) return [];
        return [{ type: 'AssetCategoryDefined', data: { category: { ...c.data.category }, by: c.metadata.actorId, at: c.metadata.now } }];
      }
      default:
        return assertNever(c.type);
    }
  },
  evolve: (s, e) => {
    switch (e.type) {
      case 'AssetCategoryDefined':
        s.set(e.data.category.code, e.data.category);
        return s;
      default:
        return assertNever(e.type);
    }
  },
};
