import type { RecordedEvent } from '../../domain/eventstore/envelope';
import {
  evolveDepartment,
  evolveRole,
  evolveUnit,
  evolveUser,
  evolveUsername,
  initialDepartmentState,
  initialUnitState,
  initialUserState,
  type DepartmentEvent,
  type RoleEvent,
  type RoleState,
  type UnitEvent,
  type UserEvent,
  type UsernameEvent,
  type UsernameState,
} from '../../domain/org';
import {
  evolveIncoming,
  evolveOutgoing,
  initialIncomingState,
  initialOutgoingState,
  outgoingStage,
  type IncomingEvent,
  type IncomingState,
  type OutgoingEvent,
  type OutgoingState,
} from '../../domain/documents';
import {
  evolveDefinition,
  evolveInstance,
  initialDefinitionState,
  initialInstanceState,
  nodeName,
  type DefinitionEvent,
  type DefinitionState,
  type InstanceEvent,
  type InstanceState,
} from '../../domain/workflow';

/**
 * Which fold rebuilds a stream's state for the point-in-time view, by stream-id prefix. Modules add
 * theirs with `registerStreamFold('leave-request-', …)`. Streams without one get a generic view.
 */
export interface StreamFold<S = unknown> {
  initialState: () => S;
  evolve: (state: S, event: RecordedEvent) => S;
  /**
   * What the auditor sees of the folded state (the context's own words: a process shows its status and
   * current node). Absent: the state itself.
   */
  view?: (state: S) => unknown;
}

const folds = new Map<string, StreamFold>();

export function registerStreamFold<S>(prefix: string, fold: StreamFold<S>): void {
  folds.set(prefix, fold as StreamFold);
}

const asDomain = <E>(e: RecordedEvent) => ({ type: e.type, data: e.data }) as E;

registerStreamFold('unit-', { initialState: initialUnitState, evolve: (s, e) => evolveUnit(s, asDomain<UnitEvent>(e)) });
registerStreamFold('department-', {
  initialState: initialDepartmentState,
  evolve: (s, e) => evolveDepartment(s, asDomain<DepartmentEvent>(e)),
});
registerStreamFold('user-', {
  initialState: initialUserState,
  // the password hash is a secret even for auditors: shown as present / absent only
  evolve: (s, e) => evolveUser(s, asDomain<UserEvent>(e)),
});
registerStreamFold('username-', {
  initialState: (): UsernameState => ({ status: 'free' }),
  evolve: (s, e) => evolveUsername(s, asDomain<UsernameEvent>(e)),
});
registerStreamFold('role-', {
  initialState: (): RoleState => ({ status: 'none' }) as RoleState,
  evolve: (s, e) => evolveRole(s, asDomain<RoleEvent>(e)),
});

// ---- 公文 and the workflow engine: each context's own fold, shown through a summary view ----
registerStreamFold<OutgoingState>('outgoing-document-', {
  initialState: initialOutgoingState,
  evolve: (s, e) => evolveOutgoing(s, asDomain<OutgoingEvent>(e)),
  view: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : {
          status: s.status,
          stage: outgoingStage(s),
          title: s.elements?.title ?? null,
          kind: s.elements?.kind ?? null,
          classification: s.elements?.classification ?? null,
          urgency: s.elements?.urgency ?? null,
          mainRecipients: s.elements?.mainRecipients ?? [],
          drafter: s.drafterName,
          bodyVersion: s.versions[s.versions.length - 1]?.version ?? 0,
          body: s.versions[s.versions.length - 1]?.body ?? '',
          attachments: s.attachmentFiles.map((a) => a.fileName),
          processId: s.processId,
          rounds: s.rounds,
          signedBy: s.signature ? `${s.signature.signerName}（${s.signature.opinion}）` : null,
          signedAt: s.signature?.signedAt ?? null,
          review: s.review ? `待复核：${s.review.changedFields.join('、')}` : null,
          docNumber: s.number?.docNumber ?? null,
          rendered: s.rendered ? `第 ${s.rendered.version} 版，${s.rendered.pages} 页` : null,
          sealed: s.sealed ? `已用印 ${s.sealed.at}` : null,
          deliveries: s.deliveries.length,
          archive: s.archive ? JSON.parse(JSON.stringify(s.archive)) : null,
        },
});
registerStreamFold<IncomingState>('incoming-document-', {
  initialState: initialIncomingState,
  evolve: (s, e) => evolveIncoming(s, asDomain<IncomingEvent>(e)),
  view: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : {
          status: s.status,
          title: s.document?.title ?? null,
          docNumber: s.document?.docNumber ?? null,
          from: s.from?.unitName ?? null,
          receiptNumber: s.receiptNumber,
          signedFor: s.signedFor ? `${s.signedFor.actorName} ${s.signedFor.at}` : null,
          returned: s.returned?.reason ?? null,
          proposals: s.proposals.map((x) => `${x.proposerName}：${x.opinion}`),
          instructions: s.instructions.map((x) => `${x.leaderName}：${x.instruction}`),
          lead: s.assignment ? JSON.parse(JSON.stringify(s.assignment.lead)) : null,
          deadline: s.assignment?.deadline ?? null,
          readers: s.readers.length,
          completed: s.completed?.summary ?? null,
        },
});
registerStreamFold<InstanceState>('process-', {
  initialState: initialInstanceState,
  evolve: (s, e) => evolveInstance(s, asDomain<InstanceEvent>(e)),
  view: (s) =>
    s.status === 'none'
      ? { status: 'none' }
      : {
          status: s.status,
          title: s.title,
          definition: s.definition ? `${s.definition.name} v${s.definition.version}` : null,
          subject: s.subject ? `${s.subject.type}/${s.subject.id}` : null,
          initiatorId: s.initiatorId,
          currentNodes: Object.entries(s.nodes)
            .filter(([, st]) => st === 'current')
            .map(([id]) => nodeName(s, id)),
          doneNodes: Object.entries(s.nodes)
            .filter(([, st]) => st === 'done')
            .map(([id]) => nodeName(s, id)),
          openTasks: Object.values(s.tasks)
            .filter((t) => t.status === 'open' || t.status === 'suspended')
            .map((t) => `${nodeName(s, t.nodeId)}：${t.assignee}${t.status === 'suspended' ? '（挂起）' : ''}`),
          form: s.form,
          startedAt: s.startedAt,
          endedAt: s.endedAt,
          log: s.log.map((l) => `${l.at} ${l.nodeName} ${l.action}`),
        },
});

registerStreamFold<DefinitionState>('process-definition-', {
  initialState: initialDefinitionState,
  evolve: (s, e) => evolveDefinition(s, asDomain<DefinitionEvent>(e)),
  view: (s) => ({
    key: s.key,
    latestVersion: s.latestVersion,
    retired: s.retired,
    versions: Object.fromEntries(
      Object.entries(s.versions).map(([v, d]) => [
        v,
        { name: d.name, nodes: d.nodes.map((n) => `${n.name}(${n.kind})`), formFields: d.formFields.map((f) => f.label) },
      ]),
    ),
  }),
});

/** Generic view: the merged data of the events so far and the last event type. */
export const genericFold: StreamFold<{ lastEventType: string | null; fields: Record<string, unknown> }> = {
  initialState: () => ({ lastEventType: null, fields: {} }),
  evolve: (s, e) => ({
    lastEventType: e.type,
    fields: typeof e.data === 'object' && e.data !== null ? { ...s.fields, ...(e.data as object) } : s.fields,
  }),
};

/** The auditor's view of a folded state. */
export function viewOf(fold: StreamFold, state: unknown): unknown {
  return redactSecrets(fold.view ? fold.view(state) : state);
}

export function foldFor(streamId: string): { fold: StreamFold; generic: boolean } {
  let best: string | null = null;
  for (const prefix of folds.keys()) if (streamId.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
  return best ? { fold: folds.get(best)!, generic: false } : { fold: genericFold as StreamFold, generic: true };
}

/** Secrets never leave through the audit API, even to auditors: hashes are shown as '[scrypt hash]'. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        /password(Hash|History)|secret|privateKey/i.test(k) && v ? '[已隐藏]' : redactSecrets(v),
      ]),
    );
  }
  return value;
}
