import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  MOBILE_POLICY_STREAM,
  contactCardDecider,
  contactCardStreamId,
  mobilePolicyDecider,
  personalContactsDecider,
  personalContactsStreamId,
  type ContactCardState,
  type DataScopeLike,
  type MobilePolicyState,
} from './contact-types';
import type { CommandHandler } from '../pipeline/handler';
import type { ContactCardDto, MobilePolicyDto, PersonalContactDto } from './dtos';

/**
 * 通讯录 write side: 名片 (own, or any as org admin), 手机号码可见范围 (security admin), 个人通讯录 (own).
 * Each method runs the command pipeline (idempotent by ctx.commandId).
 */
const NS = '5d1c8e0a-2b7f-4c3e-8f6a-9e0d1c2b3a4f';

export interface ContactContext {
  actorId: string;
  unitId: string | null;
  correlationId: string;
  commandId?: string | null;
  clientIp?: string | null;
}

export interface ContactResult {
  id: string;
  position: number;
  duplicate: boolean;
  events: string[];
}

export class ContactCommands {
  constructor(readonly handler: CommandHandler) {}

  private meta(ctx: ContactContext) {
    return { actorId: ctx.actorId, unitId: ctx.unitId, correlationId: ctx.correlationId, clientIp: ctx.clientIp ?? null };
  }

  async card(userId: string): Promise<ContactCardState> {
    return (await this.handler.load(contactCardStreamId(userId), contactCardDecider)).state;
  }

  async policy(): Promise<MobilePolicyState> {
    return (await this.handler.load(MOBILE_POLICY_STREAM, mobilePolicyDecider)).state;
  }

  async updateCard(userId: string, dto: ContactCardDto, asAdmin: boolean, ctx: ContactContext): Promise<ContactResult> {
    const r = await this.handler.handle({
      streamId: contactCardStreamId(userId),
      decider: contactCardDecider,
      command: { type: 'UpdateContactCard', data: { userId, ...dto, asAdmin } },
      metadata: this.meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id: userId, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  async setMobilePolicy(dto: MobilePolicyDto, knownRoles: string[], ctx: ContactContext): Promise<ContactResult> {
    const r = await this.handler.handle({
      streamId: MOBILE_POLICY_STREAM,
      decider: mobilePolicyDecider,
      command: {
        type: 'SetMobileVisibility',
        data: { defaultScope: dto.defaultScope as DataScopeLike, roleScopes: dto.roleScopes as Record<string, DataScopeLike>, knownRoles },
      },
      metadata: this.meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id: MOBILE_POLICY_STREAM, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  private async personal(
    command:
      | { type: 'AddPersonalContact' | 'UpdatePersonalContact'; data: PersonalContactDto & { contactId: string } }
      | { type: 'RemovePersonalContact'; data: { contactId: string } },
    ctx: ContactContext,
  ): Promise<ContactResult> {
    const data =
      command.type === 'RemovePersonalContact'
        ? command.data
        : {
            contactId: command.data.contactId,
            name: command.data.name,
            organisation: command.data.organisation ?? null,
            title: command.data.title ?? null,
            mobile: command.data.mobile ?? null,
            phone: command.data.phone ?? null,
            email: command.data.email ?? null,
            note: command.data.note ?? null,
          };
    const r = await this.handler.handle({
      streamId: personalContactsStreamId(ctx.actorId),
      decider: personalContactsDecider,
      command: { type: command.type, data } as Parameters<typeof personalContactsDecider.decide>[0],
      metadata: this.meta(ctx),
      commandId: ctx.commandId ?? null,
    });
    return { id: data.contactId, position: r.position, duplicate: r.duplicate, events: r.events.map((e) => e.type) };
  }

  addPersonal(dto: PersonalContactDto, ctx: ContactContext): Promise<ContactResult> {
    const contactId = ctx.commandId ? uuidv5(`personal:${ctx.commandId}`, NS) : uuidv7();
    return this.personal({ type: 'AddPersonalContact', data: { ...dto, contactId } }, ctx);
  }
  updatePersonal(contactId: string, dto: PersonalContactDto, ctx: ContactContext): Promise<ContactResult> {
    return this.personal({ type: 'UpdatePersonalContact', data: { ...dto, contactId } }, ctx);
  }
  removePersonal(contactId: string, ctx: ContactContext): Promise<ContactResult> {
    return this.personal({ type: 'RemovePersonalContact', data: { contactId } }, ctx);
  }
}
