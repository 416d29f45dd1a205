import type { DocumentCommands, DocumentContext } from '../../commands/documents';
import type { ArchiveFiling } from '../../domain/documents/archive';
import { decideIncoming, type IncomingCommand } from '../../domain/documents/incoming.decide';
import type { IncomingState } from '../../domain/documents/incoming.events';
import { decideOutgoing, ElementsInvalid, type OutgoingCommand } from '../../domain/documents/outgoing.decide';
import { currentBody, currentVersion, type OutgoingState } from '../../domain/documents/outgoing.events';
import { decideInstance, type InstanceCommand } from '../../domain/workflow/instance.decide';
import type { InstanceState } from '../../domain/workflow/instance.events';
import { scopeReaches } from '../auth/access';
import { scopeFor } from '../auth/principal';
import type { RouteContext } from '../http/registry';
import type { Platform } from '../platform';

/**
 * What the caller may do now with a 公文 (GET /api/documents/outgoing/:id and incoming/:id answer it as
 * `allowedActions`; the web shows those buttons and keeps no state machine of its own). As for workflow
 * processes (api/workflow/process-view.ts), each candidate command is asked of the domain itself: it is
 * decided — pure, nothing stored — against the document's state with the caller as actor, and offered
 * when the decider records something; and the caller must hold the permission (and data scope) of the
 * route that runs it. Probe inputs stand in for what the caller types (an opinion, a unit, a reader).
 */
export type OutgoingAction =
  'edit' | 'submit' | 'approve' | 'return' | 'reconfirm' | 'number' | 'render' | 'seal' | 'verify' | 'distribute' | 'archive';
export type IncomingAction =
  'signFor' | 'return' | 'register' | 'propose' | 'instruct' | 'assign' | 'circulate' | 'read' | 'complete' | 'archive';

const PROBE = '\u0000probe';
const SHA = '0'.repeat(64);
const FILING: ArchiveFiling = {
  fondsCode: PROBE,
  year: 2000,
  retention: '永久',
  orgCode: PROBE,
  itemNumber: 1,
  archivalCode: PROBE,
  docNumber: null,
  responsible: '',
  title: '',
  date: '',
  classification: '内部',
  pages: null,
  remarks: '',
};

type Call<C> = C extends unknown ? Omit<C, 'metadata'> : never;

/** The decider records something for this command now (a refusal or a no-op is not an action). */
function records<C, S>(decide: (c: C, s: S) => unknown[], s: S, call: object, md: object): boolean {
  try {
    return decide({ ...call, metadata: md } as C, s).length > 0;
  } catch {
    return false;
  }
}

/** Holds `permission`, and with a data scope that reaches `target` when the route checks one. */
function permits(p: Platform, ctx: RouteContext) {
  return async (permission: string, target?: { unitId: string; departmentId?: string | null; ownerId?: string | null }) => {
    const scope = scopeFor(ctx.principal, permission);
    if (scope === null) return false;
    return !target || scopeReaches(p, ctx.principal, scope, target);
  };
}

export async function outgoingAllowedActions(
  p: Platform,
  docs: DocumentCommands,
  s: OutgoingState,
  ctx: RouteContext,
  dc: DocumentContext,
  process: InstanceState | null,
): Promise<OutgoingAction[]> {
  if (s.status === 'none') return [];
  const { kit } = docs;
  const md = { now: kit.now(), actorId: dc.actorId, onBehalfOf: null, unitId: dc.unitId };
  const may = permits(p, ctx);
  const target = { unitId: s.unitId, departmentId: s.departmentId, ownerId: s.drafterId };
  const probe = (call: Call<OutgoingCommand>) => records(decideOutgoing, s, call, md);
  const out: OutgoingAction[] = [];

  const capacity = await kit.capacityOf(s, dc).catch(() => null);
  if (capacity) {
    const edit = { changes: {}, body: `${currentBody(s)}\n`, editorName: '', capacity: capacity.capacity, clearance: kit.clearance };
    if (probe({ type: 'EditOutgoing', data: edit })) out.push('edit');
  }
  if (await may('document.draft')) {
    const submit = { processId: PROBE, approvers: { countersignerIds: [], signerId: PROBE } };
    let fresh = false;
    try {
      fresh = decideOutgoing({ type: 'SubmitOutgoing', data: submit, metadata: md }, s).length > 0;
    } catch (e) {
      fresh = e instanceof ElementsInvalid; // offered: pressing it lists the fields still to fill in
    }
    // 重新提交 of a document returned to the drafter inside its process (the workflow decides it)
    const resubmit =
      process !== null &&
      process.status === 'returned' &&
      s.drafterId === dc.actorId &&
      records(decideInstance, process, { type: 'Resubmit', data: {} } satisfies Call<InstanceCommand>, md);
    if (fresh || resubmit) out.push('submit');
  }
  const mine = await kit.taskOf(s, dc);
  if (mine) {
    const taskId = mine.task.taskId;
    const approve: Call<InstanceCommand> = { type: 'ApproveTask', data: { taskId, opinion: '' } };
    const back: Call<InstanceCommand> = { type: 'ReturnTask', data: { taskId, toNodeId: 'drafter', opinion: '-' } };
    if (records(decideInstance, mine.process, approve, md)) out.push('approve');
    if (records(decideInstance, mine.process, back, md)) out.push('return');
  }
  if ((await may('document.sign')) && probe({ type: 'ReconfirmSignature', data: {} })) out.push('reconfirm');
  const office = await may('document.register', target);
  const admin = await may('document.admin', target);
  const year = Number(md.now.slice(0, 4));
  if (office && probe({ type: 'RegisterNumber', data: { code: s.elements?.numberCode ?? '', year, number: 1 } })) out.push('number');
  const rendered = { pdfSha256: SHA, pages: 1, templateId: '', storageKey: '', bytes: 0 };
  const record = { printingOrgan: '印发机关', printedDate: s.writtenDate ?? md.now.slice(0, 10) };
  if (office && probe({ type: 'RecordRendering', data: { rendered, version: currentVersion(s), ...record } })) out.push('render');
  const seal = {
    sealId: PROBE,
    algorithm: '',
    signature: '',
    pdfSm3: '',
    publicKey: '',
    sealedStorageKey: '',
    sealedPdfSha256: SHA,
    sourcePdfSha256: s.rendered?.pdfSha256 ?? '',
  };
  if (admin && probe({ type: 'RecordSeal', data: { seal } })) out.push('seal');
  if (s.sealed) out.push('verify');
  const recipients = [{ unitId: PROBE, unitName: '', incomingId: PROBE }];
  if (office && probe({ type: 'Distribute', data: { recipients, printingOrgan: '', requireSeal: kit.requireSeal } }))
    out.push('distribute');
  if (admin && probe({ type: 'ArchiveOutgoing', data: { filing: FILING } })) out.push('archive');
  return out;
}

export async function incomingAllowedActions(
  p: Platform,
  docs: DocumentCommands,
  s: IncomingState,
  ctx: RouteContext,
  dc: DocumentContext,
): Promise<IncomingAction[]> {
  if (s.status === 'none') return [];
  const md = { now: docs.kit.now(), actorId: dc.actorId, onBehalfOf: null, unitId: dc.unitId };
  const may = permits(p, ctx);
  const target = { unitId: s.unitId, departmentId: s.assignment?.lead.id ?? null };
  const probe = (call: Call<IncomingCommand>) => records(decideIncoming, s, call, md);
  const office = await may('document.register', target);
  const out: IncomingAction[] = [];
  if (office && probe({ type: 'SignForIncoming', data: { actorName: '' } })) out.push('signFor');
  if (office && probe({ type: 'ReturnIncoming', data: { reason: '-', actorName: '' } })) out.push('return');
  const year = Number(md.now.slice(0, 4));
  if (office && probe({ type: 'RegisterIncoming', data: { year, receiptSeq: 1, receiptNumber: PROBE } })) out.push('register');
  if (office && probe({ type: 'ProposeHandling', data: { opinion: '-', proposerName: '' } })) out.push('propose');
  if ((await may('document.sign', target)) && probe({ type: 'InstructIncoming', data: { leaderName: '', instruction: '-' } }))
    out.push('instruct');
  const assign = { lead: { id: PROBE, name: '' }, co: [], leaders: {} };
  if (office && probe({ type: 'AssignHandling', data: assign })) out.push('assign');
  if (office && probe({ type: 'Circulate', data: { readers: [{ id: PROBE, name: '' }] } })) out.push('circulate');
  if (probe({ type: 'MarkIncomingRead', data: {} })) out.push('read');
  if (office && probe({ type: 'CompleteIncoming', data: {} })) out.push('complete');
  if ((await may('document.admin', target)) && probe({ type: 'ArchiveIncoming', data: { filing: FILING } })) out.push('archive');
  return out;
}
