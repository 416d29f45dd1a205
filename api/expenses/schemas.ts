/**
 * The answers of the 费用 API the web reads, as JSON Schemas (route `response:`; the web's types are
 * generated from them by `npm run api:types`). Money is integer fen.
 */
import { closed, type Schema } from '../http/schemas';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const intOrNull = { type: ['integer', 'null'] } as const;
const strings = { type: 'array', items: str } as const;
const nullable = (s: Schema): Schema => ({ oneOf: [{ type: 'null' }, s] });
/** An object whose listed fields are typed; others may appear (the process view's own shape). */
const open = (properties: Record<string, Schema>): Schema => ({ type: 'object', properties });

const LINE = closed({
  date: str,
  item: str,
  amount: int,
  invoiceNo: str,
  source: { type: 'string', enum: ['expense', 'hotel', 'allowance'] },
  city: strOrNull,
  nights: intOrNull,
  cap: { ...intOrNull, description: '住宿费标准（分）；null：城市不在标准表中或非住宿费' },
  overCap: bool,
  reason: strOrNull,
});

const PER_DAY = closed({ date: str, tableId: str, meal: int, transport: int });

const ALLOWANCE = closed({
  days: int,
  grade: str,
  gradeLabel: str,
  rank: strOrNull,
  meals: int,
  localTransport: int,
  tablesUsed: strings,
  perDay: { type: 'array', items: PER_DAY },
});

const TRIP = closed({
  tripId: str,
  travellerId: str,
  travellerName: str,
  companions: strings,
  companionNames: strings,
  destinations: strings,
  startDate: str,
  endDate: str,
  purpose: str,
  transport: str,
});

const BUDGET = closed({
  lineId: str,
  unitId: str,
  departmentId: str,
  year: int,
  category: str,
  amount: int,
  reserved: int,
  spent: int,
  remaining: int,
  allowOverspend: bool,
});

const PROCESS_NODE = open({
  id: str,
  name: str,
  kind: str,
  state: str,
  note: str,
  assignees: { type: 'array', items: open({ id: str, name: str }) },
});
const PROCESS_LOG = open({
  seq: int,
  at: str,
  nodeId: strOrNull,
  nodeName: str,
  action: str,
  actionLabel: str,
  actorId: strOrNull,
  actorName: str,
  opinion: str,
});
const PROCESS_TASK = open({ taskId: str, nodeId: str, nodeName: str, allowedActions: strings });

export const CLAIM_DETAIL_SCHEMA = closed({
  id: str,
  claimId: str,
  kind: str,
  status: str,
  statusLabel: str,
  unitId: str,
  unitName: str,
  departmentId: str,
  departmentName: str,
  claimantId: str,
  claimantName: str,
  year: int,
  title: str,
  amount: int,
  payee: str,
  account: str,
  lines: { type: 'array', items: LINE },
  allowance: nullable(ALLOWANCE),
  trip: nullable(TRIP),
  attachments: { type: 'array', items: closed({ id: str, fileName: str, contentType: str, size: int, at: str }) },
  approval: strOrNull,
  processId: strOrNull,
  lastOutcome: nullable(closed({ outcome: str, opinion: str, at: str })),
  payment: nullable(closed({ paymentId: str, amount: int, paidOn: str, method: str, voucherNo: str })),
  budget: nullable(BUDGET),
  process: nullable(
    closed({
      status: str,
      nodes: { type: 'array', items: PROCESS_NODE },
      log: { type: 'array', items: PROCESS_LOG },
      task: nullable(PROCESS_TASK),
    }),
  ),
  allowedActions: { type: 'array', items: { type: 'string', enum: ['edit', 'submit', 'withdraw', 'approve', 'reject', 'pay', 'reverse'] } },
});

const LEDGER_ROW = closed({
  claimId: str,
  unitId: str,
  unitName: str,
  departmentId: str,
  departmentName: str,
  claimantId: str,
  claimantName: str,
  kind: str,
  title: str,
  amount: int,
  status: str,
  statusLabel: str,
  year: int,
  date: str,
  tripId: strOrNull,
  approval: strOrNull,
  submittedAt: strOrNull,
  approvedAt: strOrNull,
  paidOn: strOrNull,
  voucherNo: strOrNull,
  method: strOrNull,
});

export const LEDGER_PAGE_SCHEMA = closed({
  items: { type: 'array', items: LEDGER_ROW },
  page: int,
  pageSize: int,
  total: int,
  totalCapped: bool,
  totals: closed({ count: int, amount: int, paid: int, approved: int, submitted: int }),
  scope: { type: 'string', enum: ['self', 'department', 'department_tree', 'unit', 'all'] },
});
