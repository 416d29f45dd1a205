import type { AbroadOrg } from '../../commands/abroad/abroad-commands';
import type { AbroadOrgFacts } from '../../domain/abroad';
import type { Platform } from '../platform';

/**
 * Where the district's 外事 and 组织人事 functions and its leaders sit (settings; the demo district's
 * defaults): ABROAD_DISTRICT_UNIT (区政府, default: the root unit), ABROAD_FOREIGN_AFFAIRS
 * (`<unit>:<role>`, default 区政府办公室's office_admin holders) and ABROAD_PERSONNEL (default 区人社局's
 * hr_admin holders).
 */
export interface AbroadSettings {
  districtUnitId: string | null;
  foreignAffairs: { unitId: string; role: string };
  personnel: { unitId: string; role: string };
}

const pair = (v: string | undefined, d: { unitId: string; role: string }) => {
  const m = v ? /^([^:]+):(.+)$/.exec(v) : null;
  return m ? { unitId: m[1], role: m[2] } : d;
};

export function abroadSettings(env: NodeJS.ProcessEnv = process.env): AbroadSettings {
  return {
    districtUnitId: env.ABROAD_DISTRICT_UNIT || null,
    foreignAffairs: pair(env.ABROAD_FOREIGN_AFFAIRS, { unitId: 'qzfb', role: 'office_admin' }),
    personnel: pair(env.ABROAD_PERSONNEL, { unitId: 'rsj', role: 'hr_admin' }),
  };
}

export function abroadOrg(p: Platform, settings: AbroadSettings = abroadSettings()): AbroadOrg {
  return {
    async person(userId) {
      const u = (await p.directory.snapshot()).users.get(userId);
      if (!u || u.status !== 'active') return null;
      return {
        userId: u.userId,
        name: u.name,
        unitId: u.primaryPost.unitId,
        departmentId: u.primaryPost.departmentId,
        rank: u.primaryPost.rank,
        title: u.primaryPost.title,
      };
    },
    async approverFacts(applicantId, unitId): Promise<AbroadOrgFacts> {
      const s = await p.directory.snapshot();
      const active = [...s.users.values()].filter((u) => u.status === 'active');
      const holders = (unit: string, role: string) =>
        active.filter((u) => u.primaryPost.unitId === unit && Object.prototype.hasOwnProperty.call(u.roles, role)).map((u) => u.userId);
      const district =
        settings.districtUnitId ?? [...s.units.values()].find((x) => x.parentId === null && x.status === 'open')?.unitId ?? null;
      const chief = district ? (s.units.get(district)?.leaderUserId ?? null) : null;
      const charge = district ? holders(district, 'leader').filter((u) => u !== chief) : [];
      return {
        applicantId,
        unitHeadId: s.units.get(unitId)?.leaderUserId ?? null,
        chargeLeaderIds: charge,
        chiefLeaderId: chief,
        foreignAffairsIds: holders(settings.foreignAffairs.unitId, settings.foreignAffairs.role),
        personnelIds: holders(settings.personnel.unitId, settings.personnel.role),
      };
    },
  };
}
