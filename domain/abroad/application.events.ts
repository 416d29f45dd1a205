/**
 * 出国境申请 (AbroadApplication): events and state. Stream `abroad-application-<id>`.
 * The approval itself runs as a workflow process (subject `abroad-application`); its end reaches this
 * stream through the abroad-approval reactor.
 */
import type { AbroadEntry, AbroadHumanNode, DestinationType, DocumentType } from './flow';

export interface ApplicantFacts {
  userId: string;
  name: string;
  unitId: string;
  departmentId: string;
  /** 职务级别 at submission. */
  rank: string;
  title: string;
}

/** 证件信息 */
export interface TravelDocument {
  type: DocumentType;
  number: string;
  /** 'YYYY-MM-DD' */
  validUntil: string;
}

/** 出访行程: one country/region with its dates ('YYYY-MM-DD'). */
export interface ItineraryStop {
  region: string;
  arriveDate: string;
  leaveDate: string;
}

export type AbroadApplicationSubmitted = {
  type: 'AbroadApplicationSubmitted';
  data: {
    applicationId: string;
    entry: AbroadEntry;
    applicant: ApplicantFacts;
    reason: string;
    document: TravelDocument;
    itinerary: ItineraryStop[];
    destinationType: DestinationType;
    task: string;
    /** 出境时间 / 入境时间 ('YYYY-MM-DD', Asia/Shanghai). */
    departDate: string;
    returnDate: string;
    /** Calendar days abroad (computed from the dates, never typed). */
    days: number;
    /** 团组成员 (names). */
    members: string[];
    processId: string;
    /** Who must approve at each level, decided by abroadApprovers (recipients.ts). */
    approvers: Partial<Record<AbroadHumanNode, string[]>>;
    at: string;
  };
};

export type AbroadApplicationApproved = {
  type: 'AbroadApplicationApproved';
  data: { applicationId: string; processId: string; actorId: string; opinion: string; at: string };
};

export type AbroadApplicationEnded = {
  type: 'AbroadApplicationEnded';
  data: {
    applicationId: string;
    processId: string;
    outcome: 'rejected' | 'terminated' | 'cancelled';
    actorId: string;
    opinion: string;
    at: string;
  };
};

export type AbroadApplicationEvent = AbroadApplicationSubmitted | AbroadApplicationApproved | AbroadApplicationEnded;

export const ABROAD_APPLICATION_EVENT_TYPES = [
  'AbroadApplicationSubmitted',
  'AbroadApplicationApproved',
  'AbroadApplicationEnded',
] as const satisfies readonly AbroadApplicationEvent['type'][];

export type AbroadApplicationStatus = 'none' | 'in_review' | 'approved' | 'rejected' | 'terminated' | 'cancelled';

export const ABROAD_STATUS_LABELS: Record<Exclude<AbroadApplicationStatus, 'none'>, string> = {
  in_review: '审批中',
  approved: '已批准',
  rejected: '不予批准',
  terminated: '已终止',
  cancelled: '已作废',
};

export type AbroadApplicationState =
  | { status: 'none' }
  | (Omit<AbroadApplicationSubmitted['data'], 'at'> & {
      status: Exclude<AbroadApplicationStatus, 'none'>;
      submittedAt: string;
      decidedAt: string | null;
      decidedBy: string | null;
      opinion: string;
    });

export const abroadApplicationStreamId = (id: string) => `abroad-application-${id}`;
export const initialAbroadApplicationState = (): AbroadApplicationState => ({ status: 'none' });

export function evolveAbroadApplication(s: AbroadApplicationState, e: AbroadApplicationEvent): AbroadApplicationState {
  switch (e.type) {
    case 'AbroadApplicationSubmitted': {
      const { at, ...rest } = e.data;
      return { ...rest, status: 'in_review', submittedAt: at, decidedAt: null, decidedBy: null, opinion: '' };
    }
    case 'AbroadApplicationApproved':
      if (s.status === 'none') return s;
      return { ...s, status: 'approved', decidedAt: e.data.at, decidedBy: e.data.actorId, opinion: e.data.opinion };
    case 'AbroadApplicationEnded':
      if (s.status === 'none') return s;
      return { ...s, status: e.data.outcome, decidedAt: e.data.at, decidedBy: e.data.actorId, opinion: e.data.opinion };
  }
}
