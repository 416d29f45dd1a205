import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  CATEGORY_CATALOGUE_STREAM,
  SEEDED_CATEGORIES,
  assetDecider,
  assetDefinitions,
  assetNumberRegister,
  assetNumberStreamId,
  assetStreamId,
  categoryCatalogueDecider,
  formatAssetNo,
  shanghaiDate,
  type AssetCategory,
  type AssetCommand,
  type AssetState,
} from '../../domain/assets';
import type { Decider, DomainEvent, Command } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';
import type { WorkingCalendar } from '../../domain/workflow/calendar';
import { processDefinitionDecider } from '../../domain/workflow/process-definition.decide';
import { definitionStreamId } from '../../domain/workflow/process-definition.events';
import { WrongExpectedRevision } from '../../domain/eventstore/port';
import { CommandHandler, type CommandCallMetadata, type HandleResult } from '../pipeline/handler';
import { StoreOrgDirectory } from '../workflow/directories';
import { WorkflowCommands, type WorkflowContext } from '../workflow/workflow-commands';

/**
 * What every 资产 command facade shares: the pipeline, a hot-register handler (many retries, short
 * back-off), the workflow commands for the 采购/转移/处置 processes, the org directory (unit asset
 * admins), the category catalogue — and the plumbing that runs a command on a stream idempotently.
 */
export const NS = '8d3c4f0a-2b7e-4c59-9f61-3a5e0c7d9b12';
export const SYSTEM = 'system';

export interface AssetContext {
  actorId: string;
  actorName?: string;
  onBehalfOf?: string | null;
  unitId: string | null;
  departmentId: string | null;
  correlationId: string;
  /** The Idempotency-Key. */
  commandId?: string | null;
  causationId?: string | null;
  clientIp?: string | null;
}

export interface AssetResult {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  duplicate: boolean;
  events: string[];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type AssetCall = DistributiveOmit<AssetCommand, 'metadata'>;

export function outcome<S>(id: string, r: HandleResult<S>): AssetResult {
  return {
    id,
    streamId: r.streamId,
    revision: r.nextRevision,
    position: r.position,
    duplicate: r.duplicate,
    events: r.events.map((e) => e.type),
  };
}

export const assetNotFound = () => new DomainError('not_found', 'asset.not_found', '资产不存在');

/** The role whose holders are a unit's 资产管理员 (giver / receiver when a transfer names no custodian). */
export const ASSET_ADMIN_ROLE = 'office_admin';

export class AssetKit {
  readonly workflow: WorkflowCommands;
  readonly org: StoreOrgDirectory;
  readonly newId: () => string;
  private readonly registers: CommandHandler;

  constructor(
    readonly handler: CommandHandler,
    options: { calendar?: WorkingCalendar; newId?: () => string } = {},
  ) {
    this.org = new StoreOrgDirectory(handler);
    this.workflow = new WorkflowCommands(handler, { org: this.org, applicants: this.org, calendar: options.calendar });
    this.newId = options.newId ?? uuidv7;
    this.registers = new CommandHandler(handler.store, {
      clock: handler.clock,
      upcasters: handler.upcasters,
      maxAttempts: 400,
      backoffMs: (n) => Math.min(40, 2 + n),
    });
  }

  now(): string {
    return this.handler.clock.now();
  }

  today(): string {
    return shanghaiDate(this.now());
  }

  meta(ctx: AssetContext): CommandCallMetadata {
    return {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? null,
      clientIp: ctx.clientIp ?? null,
    };
  }

  /** A fresh id, or one derived from the Idempotency-Key (a retry of the request gets the same id). */
  idFor(ctx: AssetContext, purpose: string): string {
    return ctx.commandId ? uuidv5(`${purpose}:${ctx.commandId}`, NS) : this.newId();
  }

  run<C extends Command, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    call: DistributiveOmit<C, 'metadata'>,
    ctx: AssetContext,
    o: { commandId?: string | null; expectedRevision?: 'no_stream' } = {},
  ): Promise<HandleResult<S>> {
    return this.handler.handle({
      streamId,
      decider,
      command: call,
      metadata: this.meta(ctx),
      commandId: o.commandId === undefined ? (ctx.commandId ?? null) : o.commandId,
      ...(o.expectedRevision ? { expectedRevision: o.expectedRevision } : {}),
    });
  }

  async asset(
    id: string,
    call: AssetCall,
    ctx: AssetContext,
    o: { commandId?: string | null; expectedRevision?: 'no_stream' } = {},
  ): Promise<AssetResult> {
    return outcome(id, await this.run(assetStreamId(id), assetDecider, call, ctx, o));
  }

  async load(id: string): Promise<AssetState> {
    return (await this.handler.load(assetStreamId(id), assetDecider)).state;
  }

  async existing(id: string): Promise<AssetState> {
    const s = await this.load(id);
    if (s.status === 'none') throw assetNotFound();
    return s;
  }

  /** Runs the pure decider on the state only to surface its refusal before a process is started. */
  precheck(s: AssetState, call: AssetCall, ctx: AssetContext): void {
    assetDecider.decide(
      {
        ...call,
        metadata: { now: this.now(), actorId: ctx.actorId, onBehalfOf: ctx.onBehalfOf ?? null, unitId: ctx.unitId },
      } as AssetCommand,
      s,
    );
  }

  /** Gap-free numbers for these asset ids in the unit's register of the year (the same numbers again for the same ids). */
  async allocate(unitId: string, year: number, holderIds: string[], ctx: AssetContext): Promise<Map<string, string>> {
    const r = await this.registers.handle({
      streamId: assetNumberStreamId(unitId, year),
      decider: assetNumberRegister,
      command: { type: 'AssignAssetNumbers', data: { unitId, year, holderIds } },
      metadata: this.meta(ctx),
      commandId: null,
    });
    const out = new Map<string, string>();
    for (const h of holderIds) {
      const n = r.state.holders.get(h);
      if (n === undefined) throw new Error(`asset register ${unitId}/${year}: no number for ${h}`);
      out.set(h, formatAssetNo(unitId, year, n));
    }
    return out;
  }

  async categories(): Promise<Map<string, AssetCategory>> {
    return (await this.handler.load(CATEGORY_CATALOGUE_STREAM, categoryCatalogueDecider)).state;
  }

  async category(code: string, field = 'categoryCode'): Promise<AssetCategory> {
    const c = (await this.categories()).get(code);
    if (!c) throw new DomainError('invalid', 'asset.category_unknown', `资产分类 ${code} 不存在`, field);
    return c;
  }

  /** Seeds the GB/T 14885 subset and publishes the three approval definitions (idempotent). */
  async ensureSeeded(): Promise<void> {
    const cats = await this.categories();
    for (const c of SEEDED_CATEGORIES) {
      if (cats.has(c.code)) continue;
      await this.run(
        CATEGORY_CATALOGUE_STREAM,
        categoryCatalogueDecider,
        { type: 'DefineCategory', data: { category: c } },
        { actorId: SYSTEM, unitId: null, departmentId: null, correlationId: uuidv5('asset-categories', NS) },
        { commandId: uuidv5(`category:${c.code}:v1`, NS) },
      );
    }
    for (const def of assetDefinitions()) {
      const { state } = await this.handler.load(definitionStreamId(def.key), processDefinitionDecider);
      if (state.latestVersion > 0) continue;
      await this.handler
        .handle({
          streamId: definitionStreamId(def.key),
          decider: processDefinitionDecider,
          command: { type: 'PublishDefinition', data: { definition: def } },
          metadata: { actorId: SYSTEM, correlationId: uuidv5(`${def.key}-definition`, NS) },
          commandId: uuidv5(`publish:${def.key}:v1`, NS),
        })
        .catch((e) => {
          if (!(e instanceof WrongExpectedRevision)) throw e;
        });
    }
  }

  wfCtx(ctx: AssetContext, purpose: string): WorkflowContext {
    return {
      actorId: ctx.actorId,
      onBehalfOf: ctx.onBehalfOf ?? null,
      unitId: ctx.unitId,
      correlationId: ctx.correlationId,
      commandId: ctx.commandId ? uuidv5(`${purpose}:${ctx.commandId}`, NS) : null,
      clientIp: ctx.clientIp ?? null,
    };
  }

  /** The first 资产管理员 of a unit (fallback giver / receiver of a transfer). */
  async unitAdmin(unitId: string): Promise<string | null> {
    return (await this.org.usersWithRole(ASSET_ADMIN_ROLE, unitId))[0] ?? null;
  }
}
