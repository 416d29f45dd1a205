/**
 * The answers of the 督办 API as JSON Schemas (route `response:`), from which the web's types are
 * generated (`npm run api:types`). Closed objects: a field renamed or added in a handler fails the
 * schema check.
 */
import { closed, type Schema } from '../http/schemas';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const intOrNull = { type: ['integer', 'null'] } as const;
const strings = { type: 'array', items: str } as const;
const arr = (items: Schema): Schema => ({ type: 'array', items });
const nullable = (s: Schema): Schema => ({ oneOf: [{ type: 'null' }, s] });
const light = { type: 'string', enum: ['red', 'yellow', 'green', 'none'] } as const;
const party = closed({ id: str, name: str });
const attachment = closed({ name: str, sha256: str, size: int });

export const SUPERVISION_ROW = closed(
  {
    id: str,
    title: str,
    status: str,
    statusLabel: str,
    light,
    leadUnitId: str,
    leadUnitName: str,
    coUnitNames: str,
    deadline: str,
    priority: str,
    priorityLabel: str,
    sourceKind: str,
    sourceLabel: str,
    receipts: { ...str, description: '已签收/承办单位数，如 1/2' },
    urgeCount: int,
    overdue: bool,
    escalated: bool,
    proposedAt: str,
    closedAt: strOrNull,
    onTime: { type: ['boolean', 'null'] },
    overdueDays: intOrNull,
  },
  [],
  '督办看板的一行',
);

export const SUPERVISION_PAGE_SCHEMA = closed({
  items: arr(SUPERVISION_ROW),
  page: int,
  pageSize: int,
  total: int,
  today: str,
  yellowUntil: str,
});

export const SUPERVISION_SUMMARY_SCHEMA = closed({
  byStatus: arr(closed({ status: str, label: str, count: int })),
  red: int,
  yellow: int,
  byUnit: arr(closed({ unitId: str, unitName: str, total: int, open: int, red: int, yellow: int, closed: int, onTime: int })),
});

const PART = closed({
  unitId: str,
  unitName: str,
  role: { type: 'string', enum: ['lead', 'co'] },
  receipt: str,
  receiptLabel: str,
  receiverIds: strings,
  signedAt: strOrNull,
  returnReason: strOrNull,
  handedTo: nullable(closed({ kind: str, id: str, name: str })),
  handlerIds: strings,
  done: bool,
  nextReportDue: strOrNull,
});

const REPORT = closed({
  reportId: str,
  unitId: str,
  unitName: str,
  kind: { type: 'string', enum: ['progress', 'part_final', 'final'] },
  content: str,
  attachments: arr(attachment),
  partReportIds: strings,
  actorId: str,
  actorName: str,
  at: str,
});

export const SUPERVISION_ACTIONS = [
  'approveEstablishment',
  'signFor',
  'return',
  'handOver',
  'report',
  'reportPartDone',
  'finalReport',
  'requestExtension',
  'reassign',
  'review',
  'urge',
  'decideExtension',
] as const;

export const SUPERVISION_ITEM_SCHEMA = closed(
  {
    id: str,
    title: str,
    requirements: str,
    status: str,
    statusLabel: str,
    light,
    source: closed({ kind: str, label: str, note: str, incomingId: strOrNull, incomingTitle: strOrNull }),
    documents: arr(closed({ name: str, ref: str })),
    supervisingUnit: party,
    supervisor: party,
    leader: party,
    deadline: str,
    deadlineHistory: arr(closed({ deadline: str, until: str, requestId: str })),
    cycle: closed({ kind: str, label: str, dates: strings }),
    priority: str,
    priorityLabel: str,
    processId: strOrNull,
    parts: arr(PART),
    reports: arr(REPORT),
    reviewOpinions: arr(closed({ reportId: str, accepted: bool, opinion: str, actorId: str, actorName: str, at: str })),
    extension: nullable(
      closed({ requestId: str, processId: str, unitId: str, newDeadline: str, reason: str, reviewerIds: strings, actorId: str, at: str }),
    ),
    closed: nullable(closed({ onTime: bool, overdueDays: int, at: str })),
    urgeCount: int,
    timeline: arr(closed({ at: str, kind: str, actorId: str, actorName: str, unitId: strOrNull, text: str })),
    /** Which side the caller is on. */
    myUnitId: strOrNull,
    mySide: { type: 'string', enum: ['supervising', 'leader', 'undertaking', 'other'] },
    allowedActions: { type: 'array', items: { type: 'string', enum: [...SUPERVISION_ACTIONS] } },
    /** The caller's open 立项 approval task, when there is one. */
    establishmentTaskId: strOrNull,
    /** The caller's open 延期审批 task (workflow engine), when there is one. */
    extensionTaskId: strOrNull,
  },
  [],
  '督办事项（督办方与承办方看到的同一事项）',
);

export const SUPERVISION_OPTIONS_SCHEMA = closed({
  units: arr(party),
  leaders: arr(party),
  sources: arr(closed({ value: str, label: str })),
  cycles: arr(closed({ value: str, label: str })),
  priorities: arr(closed({ value: str, label: str })),
  canPropose: bool,
});

export const SUPERVISION_INCOMING_LINKS_SCHEMA = closed({
  items: arr(closed({ id: str, title: str, status: str, statusLabel: str })),
  canPropose: bool,
});
