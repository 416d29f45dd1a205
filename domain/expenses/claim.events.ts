/**
 * ExpenseClaim (费用报销单) aggregate: events, state and evolve. Stream `expense-claim-<id>`.
 *
 * Life: 草稿 (draft) → 审批中 (submitted: its amount is reserved on the department's budget line and an
 * approval process runs on the workflow engine) → 已审批 (approved: the reservation became spending) →
 * 已支付 (paid). A rejected / withdrawn / terminated approval returns it to 草稿 (the reservation is
 * released) so it can be corrected and submitted again. A payment can be reversed (its own event, with
 * a reason), which makes the claim payable again. See EVENTS.md.
 */
import type { DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/errors';
import type { LodgingGrade } from './rates';

export const expenseClaimStreamId = (claimId: string) => `expense-claim-${claimId}`;

/** 报销类别 */
export const CLAIM_KINDS = ['差旅费', '会议费', '培训费', '公务接待费', '办公费', '其他'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export const isClaimKind = (x: unknown): x is ClaimKind => typeof x === 'string' && (CLAIM_KINDS as readonly string[]).includes(x);

/** 支付方式 */
export const PAYMENT_METHODS = ['公务卡', '银行转账', '国库集中支付', '现金'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Items the rules compute on a travel claim (never typed by the claimant). */
export const ALLOWANCE_ITEMS = { meals: '伙食补助费', localTransport: '市内交通费' } as const;
/** The item of a hotel line (its cap is checked). */
export const HOTEL_ITEM = '住宿费';

/** One line of the claim (明细): date, item, amount (fen), invoice number. */
export interface ClaimLine {
  date: string;
  item: string;
  amount: number;
  invoiceNo: string;
  /** 'allowance': computed by the rules; 'hotel': 住宿费 with its cap; 'expense': anything else. */
  source: 'expense' | 'hotel' | 'allowance';
  /** Hotel lines: city and nights, the cap computed for them (null: city not in the table), over the cap?, the reason given. */
  city?: string;
  nights?: number;
  cap?: number | null;
  overCap?: boolean;
  reason?: string | null;
}

/** The trip (国内出差, contract A `TripApproved`) a travel claim starts from, as it was when the claim was drafted. */
export interface ClaimTrip {
  tripId: string;
  travellerId: string;
  companions: string[];
  destinations: string[];
  startDate: string;
  endDate: string;
  purpose: string;
  transport: string;
}

/** What the rules computed for a travel claim (kept: a later rate table never changes it). */
export interface ClaimAllowance {
  days: number;
  grade: LodgingGrade;
  rank: string | null;
  meals: number;
  localTransport: number;
  tablesUsed: string[];
  perDay: { date: string; tableId: string; meal: number; transport: number }[];
}

/** 发票附件: bytes in the file store, addressed by their SHA-256. */
export interface InvoiceAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  storageKey: string;
  uploadedBy: string;
  at: string;
}

export interface ClaimBody {
  title: string;
  lines: ClaimLine[];
  allowance: ClaimAllowance | null;
  amount: number;
  payee: string;
  account: string;
}

/** Who must approve, decided at 提交 (approval-route.ts) and recorded. */
export type ApprovalLevel = 'department' | 'unit';

export type ExpenseClaimDrafted = DomainEvent<
  'ExpenseClaimDrafted',
  ClaimBody & {
    claimId: string;
    kind: ClaimKind;
    unitId: string;
    departmentId: string;
    claimantId: string;
    claimantName: string;
    /** 预算年度 (Asia/Shanghai year of drafting). */
    year: number;
    trip: ClaimTrip | null;
    at: string;
  }
>;
export type ExpenseClaimRevised = DomainEvent<'ExpenseClaimRevised', ClaimBody & { claimId: string; at: string }>;
export type ExpenseInvoiceAttached = DomainEvent<'ExpenseInvoiceAttached', { claimId: string; attachment: InvoiceAttachment }>;
export type ExpenseClaimSubmitted = DomainEvent<
  'ExpenseClaimSubmitted',
  {
    claimId: string;
    processId: string;
    round: number;
    amount: number;
    budgetLineId: string;
    /** Over the remaining budget, allowed by the unit (needs the unit leader). */
    overBudget: boolean;
    approval: ApprovalLevel;
    /** Why the unit leader must approve (金额超过 5,000 元 / 住宿费超标准 / 超预算). */
    reasons: string[];
    submittedBy: string;
    at: string;
  }
>;
export type ExpenseClaimApproved = DomainEvent<
  'ExpenseClaimApproved',
  { claimId: string; processId: string; approverId: string; opinion: string; at: string }
>;
export type ExpenseClaimApprovalEnded = DomainEvent<
  'ExpenseClaimApprovalEnded',
  {
    claimId: string;
    processId: string;
    outcome: 'rejected' | 'cancelled' | 'terminated';
    actorId: string;
    opinion: string;
    at: string;
  }
>;
export type ExpenseClaimPaid = DomainEvent<
  'ExpenseClaimPaid',
  {
    claimId: string;
    paymentId: string;
    amount: number;
    /** 支付日期 'YYYY-MM-DD' */
    paidOn: string;
    method: PaymentMethod;
    voucherNo: string;
    paidBy: string;
    paidByName: string;
    at: string;
  }
>;
export type ExpenseClaimPaymentReversed = DomainEvent<
  'ExpenseClaimPaymentReversed',
  { claimId: string; paymentId: string; amount: number; reason: string; reversedBy: string; at: string }
>;

export type ExpenseClaimEvent =
  | ExpenseClaimDrafted
  | ExpenseClaimRevised
  | ExpenseInvoiceAttached
  | ExpenseClaimSubmitted
  | ExpenseClaimApproved
  | ExpenseClaimApprovalEnded
  | ExpenseClaimPaid
  | ExpenseClaimPaymentReversed;

export const EXPENSE_CLAIM_EVENT_TYPES = [
  'ExpenseClaimDrafted',
  'ExpenseClaimRevised',
  'ExpenseInvoiceAttached',
  'ExpenseClaimSubmitted',
  'ExpenseClaimApproved',
  'ExpenseClaimApprovalEnded',
  'ExpenseClaimPaid',
  'ExpenseClaimPaymentReversed',
] as const satisfies readonly ExpenseClaimEvent['type'][];

export type ClaimStatus = 'none' | 'draft' | 'submitted' | 'approved' | 'paid';
export const CLAIM_STATUS_LABELS: Record<Exclude<ClaimStatus, 'none'>, string> = {
  draft: '草稿',
  submitted: '审批中',
  approved: '待支付',
  paid: '已支付',
};

export interface ExpenseClaimState {
  status: ClaimStatus;
  claimId: string | null;
  kind: ClaimKind | null;
  unitId: string | null;
  departmentId: string | null;
  claimantId: string | null;
  claimantName: string;
  year: number;
  trip: ClaimTrip | null;
  body: ClaimBody | null;
  attachments: InvoiceAttachment[];
  rounds: number;
  processId: string | null;
  budgetLineId: string | null;
  approval: ApprovalLevel | null;
  /** The last approval that ended without approving, for the form. */
  lastOutcome: { outcome: string; opinion: string; at: string } | null;
  payment: { paymentId: string; amount: number; paidOn: string; method: PaymentMethod; voucherNo: string } | null;
  reversals: number;
}

export const initialExpenseClaimState = (): ExpenseClaimState => ({
  status: 'none',
  claimId: null,
  kind: null,
  unitId: null,
  departmentId: null,
  claimantId: null,
  claimantName: '',
  year: 0,
  trip: null,
  body: null,
  attachments: [],
  rounds: 0,
  processId: null,
  budgetLineId: null,
  approval: null,
  lastOutcome: null,
  payment: null,
  reversals: 0,
});

const bodyOf = (d: ClaimBody): ClaimBody => ({
  title: d.title,
  lines: d.lines,
  allowance: d.allowance,
  amount: d.amount,
  payee: d.payee,
  account: d.account,
});

export function evolveExpenseClaim(s: ExpenseClaimState, e: ExpenseClaimEvent): ExpenseClaimState {
  switch (e.type) {
    case 'ExpenseClaimDrafted': {
      const d = e.data;
      return {
        ...s,
        status: 'draft',
        claimId: d.claimId,
        kind: d.kind,
        unitId: d.unitId,
        departmentId: d.departmentId,
        claimantId: d.claimantId,
        claimantName: d.claimantName,
        year: d.year,
        trip: d.trip,
        body: bodyOf(d),
      };
    }
    case 'ExpenseClaimRevised':
      return { ...s, body: bodyOf(e.data) };
    case 'ExpenseInvoiceAttached':
      return { ...s, attachments: [...s.attachments, e.data.attachment] };
    case 'ExpenseClaimSubmitted':
      return {
        ...s,
        status: 'submitted',
        rounds: e.data.round,
        processId: e.data.processId,
        budgetLineId: e.data.budgetLineId,
        approval: e.data.approval,
      };
    case 'ExpenseClaimApproved':
      return { ...s, status: 'approved', lastOutcome: null };
    case 'ExpenseClaimApprovalEnded':
      return { ...s, status: 'draft', lastOutcome: { outcome: e.data.outcome, opinion: e.data.opinion, at: e.data.at } };
    case 'ExpenseClaimPaid': {
      const d = e.data;
      return {
        ...s,
        status: 'paid',
        payment: { paymentId: d.paymentId, amount: d.amount, paidOn: d.paidOn, method: d.method, voucherNo: d.voucherNo },
      };
    }
    case 'ExpenseClaimPaymentReversed':
      return { ...s, status: 'approved', payment: null, reversals: s.reversals + 1 };
    default:
      return assertNever(e);
  }
}
