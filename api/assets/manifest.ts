import { AssetCommands } from '../../commands/assets/asset-commands';
import { AssetKit } from '../../commands/assets/kit';
import { PurchaseCommands } from '../../commands/assets/purchase-commands';
import { assetApprovalReactor, loanOverdueJob, type RecordAssetApprovalOutcome } from '../../domain/assets';
import type { CheckLoanOverdue } from '../../domain/assets/loan-overdue.job';
import { ASSET_SUBJECTS } from '../../domain/assets/flows';
import { FACT_ASSET, assetFacts } from '../../projections/assets/asset-facts';
import { assetInboxContribution } from '../../projections/assets/inbox-contribution';
import { assetProjection } from '../../projections/assets/projection';
import type { ModuleManifest } from '../modules/manifest';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { ASSET_REPORTS } from '../../reports/assets/definitions';
import { assetRoutes } from './routes';
import { seedAssetDemo } from './seed';

/** 固定资产: 采购 → 录入 → 领用/借用 → 转移 → 维修 → 盘点 → 报废, each asset one event stream; depreciation and point-in-time value. */
export const assetsModule: ModuleManifest = {
  name: 'assets',
  title: '固定资产',
  menu: { path: 'assets', label: '资产', icon: '资', anyOf: ['asset.use', 'asset.admin'], order: 40 },
  permissions: ['asset.use', 'asset.admin'],
  routes: (p) => assetRoutes()(p),
  projections: () => [assetProjection()],
  inbox: [assetInboxContribution],
  // 采购/转移/处置 run for the module's purchase request or asset
  ownProcesses: Object.values(ASSET_SUBJECTS).map((definitionKey) => ({
    definitionKey,
    startFrom: '资产的采购、转移与处置请从 资产 页面发起',
  })),
  facts: { tables: [FACT_ASSET], mappers: [assetFacts] },
  reports: ASSET_REPORTS,
  reactors: (p) => {
    const kit = new AssetKit(p.commands, { calendar: PUBLIC_HOLIDAYS });
    const assets = new AssetCommands(kit);
    const purchases = new PurchaseCommands(kit, assets);
    return [
      {
        reactor: assetApprovalReactor,
        dispatch: (cmd, ctx) => {
          const c = cmd as RecordAssetApprovalOutcome;
          return c.data.subjectType === ASSET_SUBJECTS.purchase ? purchases.recordOutcome(c, ctx) : assets.recordApprovalOutcome(c, ctx);
        },
      },
    ];
  },
  jobs: (p) => {
    const assets = new AssetCommands(new AssetKit(p.commands, { calendar: PUBLIC_HOLIDAYS }));
    return [{ job: loanOverdueJob, dispatch: (cmd, ctx) => assets.recordLoanOverdue(cmd as CheckLoanOverdue, ctx) }];
  },
  seed: {
    definitions: (p) => new AssetKit(p.commands).ensureSeeded(),
    demo: (p, log) => seedAssetDemo(p, log),
  },
};
