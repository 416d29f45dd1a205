import type { ReactionCommand, Reactor } from '../shared/reactor';
import type {
  ProcessCancelled,
  ProcessCompleted,
  ProcessRejected,
  ProcessStarted,
  ProcessTerminated,
  TaskApproved,
} from './instance.events';

/**
 * "When the approval process of my record ends, record its outcome on the record" — the reactor every module
 * that approves through the engine needs (费用报销, 通知公告, 出国境, 督办立项/延期 …), written once.
 *
 * Rules
 *   R1 Only processes whose subject has the given type are followed (keyed by process id).
 *   R2 ProcessCompleted → outcome 'approved' by the last approver (the principal when a delegate acted), with
 *      their opinion and time; `endedAt` is when the process ended. No approval at all → 'system'.
 *   R3 ProcessRejected / ProcessTerminated / ProcessCancelled → that outcome, by who ended it (`onBehalfOf` when a
 *      delegate acted), with the opinion or reason given.
 * The module maps the outcome to its own command (`toCommand`).
 */
export type ProcessOutcomeTrigger =
  ProcessStarted | TaskApproved | ProcessCompleted | ProcessRejected | ProcessTerminated | ProcessCancelled;

export interface ProcessOutcome {
  /** The subject's id (the module's record). */
  subjectId: string;
  processId: string;
  outcome: 'approved' | 'rejected' | 'terminated' | 'cancelled';
  /** approved: the last approver's principal; otherwise who ended the process. */
  actorId: string;
  /** Ended by a delegate: for whom (approved outcomes carry the principal in actorId already). */
  onBehalfOf: string | null;
  opinion: string;
  /** When the decision was taken: the last approval's time (approved) or the end's time. */
  at: string;
  /** When the process ended. */
  endedAt: string;
}

export interface ProcessOutcomeState {
  subjectId: string | null;
  lastApproval: { actorId: string; opinion: string; at: string } | null;
  ended: boolean;
}

const ENDED = { ProcessRejected: 'rejected', ProcessTerminated: 'terminated', ProcessCancelled: 'cancelled' } as const;

export function processOutcomeReactor<C extends ReactionCommand>(o: {
  name: string;
  subjectType: string;
  toCommand: (outcome: ProcessOutcome) => C;
}): Reactor<ProcessOutcomeTrigger, ProcessOutcomeState, C> {
  return {
    name: o.name,
    eventTypes: ['ProcessStarted', 'TaskApproved', 'ProcessCompleted', 'ProcessRejected', 'ProcessTerminated', 'ProcessCancelled'],
    keyOf: (e) => (e.type === 'ProcessStarted' && e.data.subject?.type !== o.subjectType ? null : e.streamId),
    initialState: () => ({ subjectId: null, lastApproval: null, ended: false }),
    evolve: (s, e) => {
      switch (e.type) {
        case 'ProcessStarted':
          return { ...s, subjectId: e.data.subject!.id };
        case 'TaskApproved':
          return { ...s, lastApproval: { actorId: e.data.onBehalfOf ?? e.data.actorId, opinion: e.data.opinion, at: e.data.at } };
        case 'ProcessCompleted':
        case 'ProcessRejected':
        case 'ProcessTerminated':
        case 'ProcessCancelled':
          return { ...s, ended: true };
      }
    },
    react: (s, e) => {
      if (!s.subjectId) return []; // R1
      const processId = e.streamId.startsWith('process-') ? e.streamId.slice('process-'.length) : e.streamId;
      switch (e.type) {
        case 'ProcessStarted':
        case 'TaskApproved':
          return [];
        case 'ProcessCompleted': {
          const last = s.lastApproval ?? { actorId: 'system', opinion: '', at: e.data.at };
          return [o.toCommand({ subjectId: s.subjectId, processId, outcome: 'approved', onBehalfOf: null, ...last, endedAt: e.data.at })];
        }
        case 'ProcessRejected':
        case 'ProcessTerminated':
        case 'ProcessCancelled': {
          const d = e.data as { actorId: string; onBehalfOf?: string | null; at: string; opinion?: string; reason?: string };
          return [
            o.toCommand({
              subjectId: s.subjectId,
              processId,
              outcome: ENDED[e.type],
              actorId: d.actorId,
              onBehalfOf: d.onBehalfOf ?? null,
              opinion: d.opinion ?? d.reason ?? '',
              at: d.at,
              endedAt: d.at,
            }),
          ];
        }
      }
    },
    isDone: (s) => s.ended || s.subjectId === null,
  };
}
