import { FACT_HEADCOUNT } from '../../projections/warehouse/facts';
import { headcountFacts } from '../../projections/warehouse/org-facts';
import type { ModuleManifest } from '../modules/manifest';
import { seedDemoDistrict } from '../seed/seed';
import { orgProjections, orgRoutes } from './routes';

/** 组织机构: units, departments, users, roles; its demo seed is the district itself (and its year of history). */
export const orgModule: ModuleManifest = {
  name: 'org',
  title: '组织机构',
  permissions: ['org.read', 'org.admin', 'security.admin', 'hr.read'],
  routes: (p) => orgRoutes(p),
  projections: orgProjections,
  facts: { tables: [FACT_HEADCOUNT], mappers: [headcountFacts] },
  seed: {
    demo: async (p, log) => {
      await seedDemoDistrict(p.store, p.commands, log, { history: p.config.demoHistory, storeUrl: p.config.eventStoreUrl });
    },
  },
};
