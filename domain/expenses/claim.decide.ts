/**
 * ExpenseClaim decider (费用报销). Pure: the handler passes the trip (read from attendance's
 * `TripApproved`), the traveller's 职务级别, the rate tables, the budget line's answer and the process id;
 * the time comes from `metadata.now`. `decideExpenseClaim` only dispatches; one function per command.
 *
 * Rules enforced here
 *  C1 Only the claimant drafts, revises, attaches to and submits a claim, and only while it is a 草稿.
 *  C2 A 差旅费 claim starts from an approved trip (国内出差) the claimant is on (traveller or companion);
 *     its dates, cities and companions come from the trip; other kinds have no trip.
 *  C3 伙食补助费 / 市内交通费 are computed by the rules (allowance.ts) and added as lines; nobody types them.
 *  C4 A 住宿费 line needs its city and nights (inside the trip); above its cap (or in a city without a
 *     standard) it needs a reason (expense.over_cap_reason, field lines[i].reason).
 *  C5 Lines: 1–200, each with a date, an item, an amount in whole fen > 0; payee and account required.
 *  C6 Who approves is decided at 提交 and recorded: the department leader; the unit leader too when the
 *     amount is over 5,000 元, a hotel line is over its cap, or the claim is over the remaining budget.
 *  C7 The approval's end is recorded once per process (a repeat is ignored, another process refused).
 *  C8 Payment: only an approved claim, once (expense.already_paid names the voucher); never by the
 *     claimant; a reversal needs a reason and makes the claim payable again.
 */
import type { Command, Decider } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { computeAllowance, addDays, daysBetweenInclusive } from './allowance';
import {
  ALLOWANCE_ITEMS,
  HOTEL_ITEM,
  PAYMENT_METHODS,
  evolveExpenseClaim,
  initialExpenseClaimState,
  isClaimKind,
  type ApprovalLevel,
  type ClaimAllowance,
  type ClaimBody,
  type ClaimKind,
  type ClaimLine,
  type ClaimTrip,
  type ExpenseClaimEvent,
  type ExpenseClaimState,
  type InvoiceAttachment,
  type PaymentMethod,
} from './claim.events';
import type { RateTable } from './rates';

/** Above this (fen) the unit leader approves too (5,000 元). */
export const UNIT_LEADER_THRESHOLD = 500_000;
export const MAX_LINES = 200;
export const MAX_AMOUNT = 10_000_000_00; // 1,000 万元 per line

export interface ClaimLineInput {
  date: string;
  item: string;
  amount: number;
  invoiceNo?: string | null;
  city?: string | null;
  nights?: number | null;
  reason?: string | null;
}

interface BodyInput {
  title: string;
  lines: ClaimLineInput[];
  payee: string;
  account: string;
  /** The claimant's 职务级别 (drives the 住宿费 grade). */
  rank: string | null;
  /** Every published rate table (the rules pick the one in force per date). */
  rateTables: RateTable[];
}

export type DraftClaim = Command<
  'DraftClaim',
  BodyInput & {
    claimId: string;
    kind: ClaimKind;
    unitId: string;
    departmentId: string;
    claimantName: string;
    trip: ClaimTrip | null;
  }
>;
export type ReviseClaim = Command<'ReviseClaim', BodyInput>;
export type AttachInvoice = Command<'AttachInvoice', { attachment: Omit<InvoiceAttachment, 'uploadedBy' | 'at'> }>;
export type SubmitClaim = Command<'SubmitClaim', { processId: string; budgetLineId: string; overBudget: boolean }>;
export type RecordClaimApprovalOutcome = Command<
  'RecordClaimApprovalOutcome',
  { processId: string; outcome: 'approved' | 'rejected' | 'cancelled' | 'terminated'; actorId: string; opinion: string; at: string }
>;
export type PayClaim = Command<
  'PayClaim',
  { paymentId: string; paidOn: string; method: PaymentMethod; voucherNo: string; payerName: string }
>;
export type ReversePayment = Command<'ReversePayment', { reason: string }>;

export type ExpenseClaimCommand =
  DraftClaim | ReviseClaim | AttachInvoice | SubmitClaim | RecordClaimApprovalOutcome | PayClaim | ReversePayment;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const invalid = (code: string, message: string, field: string) => new DomainError('invalid', code, message, field);
const E = {
  notFound: () => new DomainError('not_found', 'expense.not_found', '报销单不存在'),
  exists: (trip: boolean) =>
    new DomainError(
      'conflict',
      trip ? 'expense.trip_already_claimed' : 'expense.exists',
      trip ? '该出差已报销（或已有报销单）' : '报销单已存在',
    ),
  notClaimant: () => new DomainError('forbidden', 'expense.not_claimant', '只有报销人本人可以修改或提交报销单'),
  stage: (msg: string) => new DomainError('rule', 'expense.wrong_stage', msg),
};

export const fen = (n: number): string => (n / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Shanghai (UTC+8) calendar date of an instant. */
export const shanghaiDateOf = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** Builds the claim's body from the input: checks the lines (C4, C5), computes the allowances (C3). */
export function buildClaimBody(kind: ClaimKind, trip: ClaimTrip | null, d: BodyInput): ClaimBody {
  const title = (d.title ?? '').trim();
  if (!title || title.length > 100) throw invalid('expense.title', '事由不能为空，且不超过 100 字', 'title');
  if (!d.payee?.trim() || d.payee.length > 50) throw invalid('expense.payee', '请填写收款人（不超过 50 字）', 'payee');
  if (!/^[0-9 ]{6,40}$/.test(d.account ?? '')) throw invalid('expense.account', '收款账号须为 6–40 位数字', 'account');
  if (!Array.isArray(d.lines) || (d.lines.length === 0 && kind !== '差旅费'))
    throw invalid('expense.lines', '至少填写一条报销明细', 'lines');
  if (d.lines.length > MAX_LINES) throw invalid('expense.lines', `报销明细不能超过 ${MAX_LINES} 条`, 'lines');
  const computedItems: string[] = Object.values(ALLOWANCE_ITEMS);
  const hotels: { index: number; date: string; nights: number; city: string; amount: number }[] = [];
  d.lines.forEach((l, i) => {
    const f = `lines[${i}]`;
    if (!DATE.test(l.date ?? '') || Number.isNaN(Date.parse(l.date)))
      throw invalid('expense.line_date', `第 ${i + 1} 行：日期格式应为 YYYY-MM-DD`, `${f}.date`);
    const item = (l.item ?? '').trim();
    if (!item || item.length > 50) throw invalid('expense.line_item', `第 ${i + 1} 行：请填写费用项目（不超过 50 字）`, `${f}.item`);
    if (!Number.isInteger(l.amount) || l.amount <= 0 || l.amount > MAX_AMOUNT)
      throw invalid('expense.line_amount', `第 ${i + 1} 行：金额须为大于 0 的整数（分）`, `${f}.amount`);
    if ((l.invoiceNo ?? '').length > 50) throw invalid('expense.line_invoice', `第 ${i + 1} 行：发票号不超过 50 位`, `${f}.invoiceNo`);
    if (kind === '差旅费' && computedItems.includes(item))
      throw invalid('expense.allowance_computed', `第 ${i + 1} 行：${item}按标准自动计算，无需填写`, `${f}.item`);
    if (kind === '差旅费' && item === HOTEL_ITEM) {
      const city = (l.city ?? '').trim();
      if (!city) throw invalid('expense.hotel_city', `第 ${i + 1} 行：住宿费须填写城市`, `${f}.city`);
      const nights = l.nights ?? 0;
      if (!Number.isInteger(nights) || nights < 1)
        throw invalid('expense.hotel_nights', `第 ${i + 1} 行：住宿晚数须为正整数`, `${f}.nights`);
      if (trip && (l.date < trip.startDate || addDays(l.date, nights) > trip.endDate))
        throw invalid(
          'expense.hotel_outside_trip',
          `第 ${i + 1} 行：住宿日期超出出差期间（${trip.startDate} 至 ${trip.endDate}）`,
          `${f}.date`,
        );
      hotels.push({ index: i, date: l.date, nights, city, amount: l.amount });
    }
  });
  let allowance: ClaimAllowance | null = null;
  const computed = trip
    ? computeAllowance(
        trip,
        d.rank,
        d.rateTables,
        hotels.map((h) => ({ date: h.date, nights: h.nights, city: h.city, amount: h.amount })),
      )
    : null;
  const lines: ClaimLine[] = d.lines.map((l, i) => {
    const h = hotels.findIndex((x) => x.index === i);
    const base: ClaimLine = {
      date: l.date,
      item: l.item.trim(),
      amount: l.amount,
      invoiceNo: (l.invoiceNo ?? '').trim(),
      source: 'expense',
    };
    if (h < 0 || !computed) return base;
    const check = computed.hotels[h];
    const reason = (l.reason ?? '').trim() || null;
    if (check.overCap && !reason)
      throw invalid(
        'expense.over_cap_reason',
        check.cap === null
          ? `第 ${i + 1} 行：${hotels[h].city}不在住宿费标准表中，须说明原因并由单位负责人审批`
          : `第 ${i + 1} 行：住宿费 ${fen(l.amount)} 元超过标准 ${fen(check.cap)} 元，须说明原因并由单位负责人审批`,
        `lines[${i}].reason`,
      );
    return { ...base, source: 'hotel', city: hotels[h].city, nights: hotels[h].nights, cap: check.cap, overCap: check.overCap, reason };
  });
  if (computed && trip) {
    allowance = {
      days: computed.days,
      grade: computed.grade,
      rank: d.rank ?? null,
      meals: computed.meals,
      localTransport: computed.localTransport,
      tablesUsed: computed.tablesUsed,
      perDay: computed.perDay,
    };
    lines.push(
      { date: trip.endDate, item: ALLOWANCE_ITEMS.meals, amount: computed.meals, invoiceNo: '', source: 'allowance' },
      { date: trip.endDate, item: ALLOWANCE_ITEMS.localTransport, amount: computed.localTransport, invoiceNo: '', source: 'allowance' },
    );
  }
  const amount = lines.reduce((a, l) => a + l.amount, 0);
  return { title, lines, allowance, amount, payee: d.payee.trim(), account: d.account.replace(/ /g, '') };
}

/** C6: who must approve, and why (recorded in ExpenseClaimSubmitted). */
export function approvalRoute(body: ClaimBody, overBudget: boolean): { approval: ApprovalLevel; reasons: string[] } {
  const reasons: string[] = [];
  if (body.amount > UNIT_LEADER_THRESHOLD) reasons.push('金额超过 5,000 元');
  if (body.lines.some((l) => l.overCap)) reasons.push('住宿费超标准');
  if (overBudget) reasons.push('超出预算额度');
  return { approval: reasons.length ? 'unit' : 'department', reasons };
}

export function decideExpenseClaim(cmd: ExpenseClaimCommand, s: ExpenseClaimState): ExpenseClaimEvent[] {
  switch (cmd.type) {
    case 'DraftClaim':
      return draftClaim(cmd, s);
    case 'ReviseClaim':
      return reviseClaim(cmd, s);
    case 'AttachInvoice':
      return attachInvoice(cmd, s);
    case 'SubmitClaim':
      return submitClaim(cmd, s);
    case 'RecordClaimApprovalOutcome':
      return recordClaimApprovalOutcome(cmd, s);
    case 'PayClaim':
      return payClaim(cmd, s);
    case 'ReversePayment':
      return reversePayment(cmd, s);
    default:
      return assertNever(cmd);
  }
}

const actorOf = (cmd: ExpenseClaimCommand) => cmd.metadata.onBehalfOf ?? cmd.metadata.actorId;

function requireClaimantDraft(cmd: ExpenseClaimCommand, s: ExpenseClaimState): void {
  if (s.status === 'none') throw E.notFound();
  if (actorOf(cmd) !== s.claimantId) throw E.notClaimant();
  if (s.status !== 'draft') throw E.stage('报销单已提交，不能再修改；如需修改请先撤回');
}

export function draftClaim(cmd: DraftClaim, s: ExpenseClaimState): ExpenseClaimEvent[] {
  const d = cmd.data;
  if (s.status !== 'none') throw E.exists(d.trip !== null);
  if (!isClaimKind(d.kind)) throw invalid('expense.kind', '报销类别不正确', 'kind');
  const claimant = actorOf(cmd);
  if (d.kind === '差旅费') {
    if (!d.trip) throw invalid('expense.trip_required', '差旅费报销须选择已批准的出差', 'tripId');
    if (d.trip.travellerId !== claimant && !d.trip.companions.includes(claimant))
      throw new DomainError('forbidden', 'expense.not_on_trip', '您不是该出差的出差人或同行人员', 'tripId');
    if (daysBetweenInclusive(d.trip.startDate, d.trip.endDate) > 366) throw invalid('expense.trip_dates', '出差期间不能超过一年', 'tripId');
  } else if (d.trip) throw invalid('expense.trip_not_travel', '只有差旅费报销关联出差', 'tripId');
  const body = buildClaimBody(d.kind, d.trip, d);
  const now = cmd.metadata.now;
  return [
    {
      type: 'ExpenseClaimDrafted',
      data: {
        ...body,
        claimId: d.claimId,
        kind: d.kind,
        unitId: d.unitId,
        departmentId: d.departmentId,
        claimantId: claimant,
        claimantName: d.claimantName,
        year: Number(shanghaiDateOf(now).slice(0, 4)),
        trip: d.trip,
        at: now,
      },
    },
  ];
}

export function reviseClaim(cmd: ReviseClaim, s: ExpenseClaimState): ExpenseClaimEvent[] {
  requireClaimantDraft(cmd, s);
  const body = buildClaimBody(s.kind!, s.trip, cmd.data);
  return [{ type: 'ExpenseClaimRevised', data: { ...body, claimId: s.claimId!, at: cmd.metadata.now } }];
}

export function attachInvoice(cmd: AttachInvoice, s: ExpenseClaimState): ExpenseClaimEvent[] {
  requireClaimantDraft(cmd, s);
  const a = cmd.data.attachment;
  if (s.attachments.some((x) => x.id === a.id)) return [];
  if (s.attachments.length >= 50) throw new DomainError('rule', 'expense.too_many_attachments', '每张报销单最多 50 个发票附件');
  return [
    { type: 'ExpenseInvoiceAttached', data: { claimId: s.claimId!, attachment: { ...a, uploadedBy: actorOf(cmd), at: cmd.metadata.now } } },
  ];
}

export function submitClaim(cmd: SubmitClaim, s: ExpenseClaimState): ExpenseClaimEvent[] {
  if (s.status === 'submitted' && s.processId === cmd.data.processId) return []; // a retry of this submission
  requireClaimantDraft(cmd, s);
  const body = s.body!;
  if (body.amount <= 0) throw new DomainError('rule', 'expense.empty', '报销金额为 0，不能提交', 'lines');
  const route = approvalRoute(body, cmd.data.overBudget);
  return [
    {
      type: 'ExpenseClaimSubmitted',
      data: {
        claimId: s.claimId!,
        processId: cmd.data.processId,
        round: s.rounds + 1,
        amount: body.amount,
        budgetLineId: cmd.data.budgetLineId,
        overBudget: cmd.data.overBudget,
        approval: route.approval,
        reasons: route.reasons,
        submittedBy: actorOf(cmd),
        at: cmd.metadata.now,
      },
    },
  ];
}

export function recordClaimApprovalOutcome(cmd: RecordClaimApprovalOutcome, s: ExpenseClaimState): ExpenseClaimEvent[] {
  if (s.status === 'none') throw E.notFound();
  const d = cmd.data;
  if (s.processId !== d.processId) throw new DomainError('conflict', 'expense.process_mismatch', '审批流程与报销单不一致');
  if (s.status !== 'submitted') return []; // C7: already recorded
  if (d.outcome === 'approved')
    return [
      {
        type: 'ExpenseClaimApproved',
        data: { claimId: s.claimId!, processId: d.processId, approverId: d.actorId, opinion: d.opinion, at: d.at },
      },
    ];
  return [
    {
      type: 'ExpenseClaimApprovalEnded',
      data: { claimId: s.claimId!, processId: d.processId, outcome: d.outcome, actorId: d.actorId, opinion: d.opinion, at: d.at },
    },
  ];
}

export function payClaim(cmd: PayClaim, s: ExpenseClaimState): ExpenseClaimEvent[] {
  if (s.status === 'none') throw E.notFound();
  const d = cmd.data;
  if (s.status === 'paid') {
    if (s.payment?.paymentId === d.paymentId) return [];
    throw new DomainError(
      'conflict',
      'expense.already_paid',
      `该报销单已于 ${s.payment!.paidOn} 支付（凭证号 ${s.payment!.voucherNo}），不能重复支付`,
    );
  }
  if (s.status !== 'approved') throw E.stage('报销单尚未审批通过，不能支付');
  if (actorOf(cmd) === s.claimantId) throw new DomainError('forbidden', 'expense.pay_own_claim', '不能支付本人的报销单');
  if (!DATE.test(d.paidOn ?? '')) throw invalid('expense.paid_on', '支付日期格式应为 YYYY-MM-DD', 'paidOn');
  if (d.paidOn > shanghaiDateOf(cmd.metadata.now)) throw invalid('expense.paid_on', '支付日期不能晚于今天', 'paidOn');
  if (!(PAYMENT_METHODS as readonly string[]).includes(d.method)) throw invalid('expense.method', '支付方式不正确', 'method');
  const voucherNo = (d.voucherNo ?? '').trim();
  if (!voucherNo || voucherNo.length > 50) throw invalid('expense.voucher', '请填写凭证号（不超过 50 位）', 'voucherNo');
  return [
    {
      type: 'ExpenseClaimPaid',
      data: {
        claimId: s.claimId!,
        paymentId: d.paymentId,
        amount: s.body!.amount,
        paidOn: d.paidOn,
        method: d.method,
        voucherNo,
        paidBy: actorOf(cmd),
        paidByName: d.payerName,
        at: cmd.metadata.now,
      },
    },
  ];
}

export function reversePayment(cmd: ReversePayment, s: ExpenseClaimState): ExpenseClaimEvent[] {
  if (s.status === 'none') throw E.notFound();
  if (s.status !== 'paid' || !s.payment) throw E.stage('报销单未支付，无需冲销');
  const reason = (cmd.data.reason ?? '').trim();
  if (reason.length < 2 || reason.length > 500) throw invalid('expense.reversal_reason', '请填写冲销原因（2–500 字）', 'reason');
  return [
    {
      type: 'ExpenseClaimPaymentReversed',
      data: {
        claimId: s.claimId!,
        paymentId: s.payment.paymentId,
        amount: s.payment.amount,
        reason,
        reversedBy: actorOf(cmd),
        at: cmd.metadata.now,
      },
    },
  ];
}

export const expenseClaimDecider: Decider<ExpenseClaimCommand, ExpenseClaimEvent, ExpenseClaimState> = {
  initialState: initialExpenseClaimState,
  decide: decideExpenseClaim,
  evolve: evolveExpenseClaim,
};
