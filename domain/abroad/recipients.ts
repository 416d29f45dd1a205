/**
 * Who approves an 出国境 application (decided here, recorded in AbroadApplicationSubmitted.approvers and
 * in the process's assignments), from org facts the command side loads.
 *
 * Rules
 *   R1 单位初审: the applicant's unit head (单位负责人); when the applicant heads the unit, the
 *      district's charge leaders instead.
 *   R2 区分管领导审核 (only reached for 副处 and above, by the definition's condition) and 区分管领导审批:
 *      the district's charge leaders (区政府领导 other than its head).
 *   R3 外事审核 / 组织人事审核: the holders of the 外事 and 组织人事 functions (district settings).
 *   R4 区主要领导审批: the district's head.
 *   R5 Nobody approves their own application: the applicant is left out of every level; a level
 *      left empty where it is needed is refused by the decider (A5).
 */
import { ABROAD_NODES, type AbroadHumanNode } from './flow';

export type AbroadApprovers = Partial<Record<AbroadHumanNode, string[]>>;

export interface AbroadOrgFacts {
  applicantId: string;
  /** 单位负责人 of the applicant's unit. */
  unitHeadId: string | null;
  /** 区政府领导 other than the head (分管领导). */
  chargeLeaderIds: string[];
  /** 区主要领导. */
  chiefLeaderId: string | null;
  foreignAffairsIds: string[];
  personnelIds: string[];
}

/** The approvers of the given levels (flow.ts abroadLevels); levels not passed are left out. */
export function abroadApprovers(f: AbroadOrgFacts, levels: readonly AbroadHumanNode[]): AbroadApprovers {
  const others = (ids: readonly (string | null)[]) => [...new Set(ids.filter((x): x is string => !!x && x !== f.applicantId))];
  const charge = others(f.chargeLeaderIds);
  const unitHead = f.unitHeadId && f.unitHeadId !== f.applicantId ? [f.unitHeadId] : charge;
  const all: Record<AbroadHumanNode, string[]> = {
    [ABROAD_NODES.unitHead]: unitHead,
    [ABROAD_NODES.districtReview]: charge,
    [ABROAD_NODES.foreignAffairs]: others(f.foreignAffairsIds),
    [ABROAD_NODES.personnel]: others(f.personnelIds),
    [ABROAD_NODES.chargeLeader]: charge,
    [ABROAD_NODES.chiefLeader]: others([f.chiefLeaderId]),
  };
  return Object.fromEntries(levels.map((l) => [l, all[l]]));
}
