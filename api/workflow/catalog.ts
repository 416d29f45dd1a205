import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { EventStore } from '../../domain/eventstore/port';
import type { DelegationDirectory } from '../../commands/workflow/directories';
import {
  activeDelegation,
  delegationDecider,
  delegationStreamId,
  type DelegationEvent,
  type DelegationTerms,
} from '../../domain/workflow/delegation';
import type { DefinitionSnapshot } from '../../domain/workflow/definition';
import {
  evolveDefinition,
  initialDefinitionState,
  type DefinitionEvent,
  type DefinitionState,
} from '../../domain/workflow/process-definition.events';
import type { CommandHandler } from '../../commands/pipeline';

/**
 * Small, strongly consistent folds over a few event types, read incrementally from the store
 * (only the events after the last one seen): the process-definition catalogue and the delegation
 * graph. Both are tiny next to the log, so they need no read-model table.
 */
class IncrementalFold {
  private position = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly types: readonly string[],
    private readonly visit: (e: RecordedEvent) => void,
  ) {}

  /** Folds everything up to the store's head. */
  refresh(): Promise<void> {
    this.loading ??= (async () => {
      const head = await this.store.headPosition();
      while (this.position < head) {
        const page = await this.store.readAll({ fromPosition: this.position + 1, limit: 1000, types: this.types });
        for (const e of page) if (e.position <= head) this.visit(e);
        if (page.length < 1000) {
          this.position = head;
          break;
        }
        this.position = page[page.length - 1].position;
      }
    })().finally(() => (this.loading = null));
    return this.loading;
  }
}

export interface CatalogEntry {
  key: string;
  state: DefinitionState;
  publishedBy: string;
  publishedAt: string;
}

/** 流程定义目录: every definition key with its versions (folded with the domain's evolve). */
export class DefinitionCatalog {
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly fold: IncrementalFold;

  constructor(store: EventStore) {
    this.fold = new IncrementalFold(store, ['DefinitionPublished', 'DefinitionRetired'], (e) => {
      const ev = { type: e.type, data: e.data } as DefinitionEvent;
      const key = (e.data as { key: string }).key;
      const prev = this.entries.get(key);
      const state = evolveDefinition(prev?.state ?? initialDefinitionState(), ev);
      this.entries.set(key, {
        key,
        state,
        publishedBy: ev.type === 'DefinitionPublished' ? ev.data.publishedBy : (prev?.publishedBy ?? ''),
        publishedAt: ev.type === 'DefinitionPublished' ? ev.data.publishedAt : (prev?.publishedAt ?? ''),
      });
    });
  }

  async all(): Promise<CatalogEntry[]> {
    await this.fold.refresh();
    return [...this.entries.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** The version new instances start on (null when retired or unknown). */
  async current(key: string): Promise<DefinitionSnapshot | null> {
    await this.fold.refresh();
    const e = this.entries.get(key);
    if (!e || e.state.retired || e.state.latestVersion === 0) return null;
    return e.state.versions[e.state.latestVersion] ?? null;
  }
}

/**
 * Delegations (外出授权): a DelegationDirectory for WorkflowCommands whose `graph` (the cycle check's
 * snapshot) comes from an incremental fold instead of a scan of the whole log per grant, plus the
 * lists the API shows (granted by me, granted to me).
 */
export class DelegationBook implements DelegationDirectory {
  private readonly byId = new Map<string, DelegationTerms & { reason: string; grantedBy: string; at: string; revoked: boolean }>();
  private readonly fold: IncrementalFold;

  constructor(
    store: EventStore,
    private readonly handler: CommandHandler,
  ) {
    this.fold = new IncrementalFold(store, ['DelegationGranted', 'DelegationRevoked'], (e) => {
      const ev = { type: e.type, data: e.data } as DelegationEvent;
      if (ev.type === 'DelegationGranted') {
        const { delegationId, principalId, delegateId, from, to, kinds, reason, grantedBy, at } = ev.data;
        this.byId.set(delegationId, { delegationId, principalId, delegateId, from, to, kinds, reason, grantedBy, at, revoked: false });
      } else {
        const d = this.byId.get(ev.data.delegationId);
        if (d) d.revoked = true;
      }
    });
  }

  async delegationOf(userId: string, kind: string, now: string): Promise<DelegationTerms | null> {
    const { state } = await this.handler.load(delegationStreamId(userId), delegationDecider);
    return activeDelegation(state, kind, now);
  }

  async graph(now: string): Promise<DelegationTerms[]> {
    await this.fold.refresh();
    const t = Date.parse(now);
    return [...this.byId.values()].filter((d) => !d.revoked && Date.parse(d.to) > t);
  }

  /** Delegations granted by or to `userId`, newest first. */
  async involving(userId: string) {
    await this.fold.refresh();
    return [...this.byId.values()]
      .filter((d) => d.principalId === userId || d.delegateId === userId)
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  async byDelegationId(id: string) {
    await this.fold.refresh();
    return this.byId.get(id) ?? null;
  }
}
