import { govInfoProjection } from '../../projections/govinfo';
import type { ModuleManifest } from '../modules/manifest';
import { govInfoRoutes } from './routes';
import { seedGovInfoDemo } from './seed';

/** 信息报送: 报送 (约稿), 审核 / 编辑 / 采用 (区级 · 市级 · 领导批示) / 不予采用, 积分 and 月度 · 年度排名, 通报 (Excel). */
export const govinfoModule: ModuleManifest = {
  name: 'govinfo',
  title: '信息报送',
  menu: { path: 'govinfo', label: '信息报送', icon: '信', anyOf: ['govinfo.submit', 'govinfo.review'], order: 62 },
  permissions: ['govinfo.submit', 'govinfo.review'],
  routes: (p) => govInfoRoutes(p),
  projections: () => [govInfoProjection()],
  seed: { demo: (p, log) => seedGovInfoDemo(p, log) },
};
