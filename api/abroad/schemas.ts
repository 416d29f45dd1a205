import { closed, type Schema } from '../http/schemas';

/** Response schemas of the 出国境 routes (they type the web through /api/openapi.json). */
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const bool = { type: 'boolean' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const strings = { type: 'array', items: str } as const;
const page = (item: Schema, extra: Record<string, Schema> = {}): Schema =>
  closed({ items: { type: 'array', items: item }, page: int, pageSize: int, total: int, ...extra });

const APPLICATION_ROW = closed({
  id: str,
  entry: str,
  applicantId: str,
  applicantName: str,
  unitId: str,
  rank: str,
  destinations: str,
  destinationType: str,
  departDate: str,
  returnDate: str,
  days: int,
  reason: str,
  status: str,
  statusLabel: str,
  processId: str,
  currentStep: str,
  submittedAt: str,
  decidedAt: strOrNull,
});
export const APPLICATION_PAGE_SCHEMA = page(APPLICATION_ROW, { canAdmin: bool });

const PASSPORT_ROW = closed({
  id: str,
  holderId: str,
  holderName: str,
  unitId: str,
  docType: str,
  number: str,
  validUntil: str,
  keeperId: str,
  keeperName: str,
  status: { type: 'string', enum: ['in_custody', 'checked_out'] },
  /** Where it is now, in words. */
  where: str,
  applicationId: strOrNull,
  checkedOutAt: strOrNull,
  dueBack: strOrNull,
  overdue: bool,
  returnedAt: strOrNull,
});
export const PASSPORT_PAGE_SCHEMA = page(PASSPORT_ROW, { canAdmin: bool });

const NAMED = closed({ id: str, name: str });
export const APPLICATION_SCHEMA = closed({
  id: str,
  entry: str,
  status: str,
  statusLabel: str,
  applicant: closed({ userId: str, name: str, unitId: str, departmentId: str, rank: str, title: str }),
  reason: str,
  document: closed({ type: str, number: str, validUntil: str }),
  itinerary: { type: 'array', items: closed({ region: str, arriveDate: str, leaveDate: str }) },
  destinationType: str,
  task: str,
  departDate: str,
  returnDate: str,
  days: int,
  members: strings,
  processId: str,
  currentStep: str,
  /** Who approves each level (decided at submission). */
  levels: { type: 'array', items: closed({ nodeId: str, name: str, approvers: { type: 'array', items: NAMED } }) },
  submittedAt: str,
  decidedAt: strOrNull,
  opinion: str,
  returnDays: int,
  /** The applicant's 证照 and what the caller may do with each for this application. */
  passports: { type: 'array', items: closed({ id: str, docType: str, number: str, status: str, where: str, allowedActions: strings }) },
  allowedActions: strings,
});

export const PASSPORT_SCHEMA = closed({
  ...(PASSPORT_ROW.properties as Record<string, Schema>),
  history: {
    type: 'array',
    items: closed({ seq: int, action: str, at: str, actorId: str, actorName: str, applicationId: strOrNull, note: str }),
  },
  /** Approved applications of the holder it may be checked out for. */
  applications: { type: 'array', items: closed({ id: str, entry: str, destinations: str, departDate: str, returnDate: str }) },
  allowedActions: strings,
});

export const RESULT_SCHEMA = closed({ id: str, processId: str, position: num, duplicate: bool, events: strings }, ['processId']);
