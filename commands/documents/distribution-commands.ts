import type { ExchangedDocument, IncomingState } from '../../domain/documents/incoming.events';
import { outgoingDecider } from '../../domain/documents/outgoing.decide';
import { currentBody, outgoingStreamId } from '../../domain/documents/outgoing.events';
import { INCOMING_CLERK_ROLE, type UserFact } from '../../domain/documents/recipients';
import { DomainError } from '../../domain/shared/errors';
import type { DocumentContext, DocumentKit, DocumentResult } from './document-kit';
import type { DistributeDto } from './dtos';

export interface Delivery {
  unitId: string;
  incomingId: string;
  copyNo: string;
}

/**
 * 分发 (公文交换): records the deliveries on the 发文, then creates each receiving unit's IncomingDocument
 * (ReceiveIncoming is a no-op when it exists, so a retry completes a half-done fan-out); 签收/退回 of a
 * delivery are copied back to the 发文 (`acknowledge`, called by the 收文 commands).
 */
export class DistributionCommands {
  constructor(private readonly kit: DocumentKit) {}

  async distribute(id: string, dto: DistributeDto, ctx: DocumentContext): Promise<DocumentResult & { deliveries: Delivery[] }> {
    const { kit } = this;
    const s = await kit.current(id, ctx);
    const recipients: { unitId: string; unitName: string; incomingId: string }[] = [];
    for (const [i, unitId] of dto.unitIds.entries()) {
      const u = await kit.org.unit(unitId);
      if (!u || !u.open) throw new DomainError('invalid', 'document.unknown_unit', '分发单位不存在或已撤销', `unitIds[${i}]`);
      recipients.push({ unitId, unitName: u.name, incomingId: kit.newId() });
    }
    const own = await kit.org.unit(s.unitId);
    const data = { recipients, printingOrgan: `${own?.name ?? ''}办公室`, requireSeal: kit.requireSeal };
    const r = await kit.out(id, { type: 'Distribute', data }, ctx);
    const deliveries = await this.fanOut(id, ctx);
    return { ...r, deliveries };
  }

  /** Ensures every delivery of the document exists as an IncomingDocument (idempotent). */
  async fanOut(id: string, ctx: DocumentContext): Promise<Delivery[]> {
    const { kit } = this;
    const s = await kit.loadOutgoing(id);
    const own = await kit.org.unit(s.unitId);
    const el = s.elements!;
    const document: ExchangedDocument = {
      kind: el.kind,
      title: el.title,
      docNumber: s.number?.docNumber ?? '',
      issuers: el.issuers,
      classification: el.classification,
      secrecyPeriod: el.secrecyPeriod,
      urgency: el.urgency,
      mainRecipients: el.mainRecipients,
      copyTo: el.copyTo,
      body: currentBody(s),
      attachments: el.attachments,
      signerName: s.signature?.signerName ?? null,
      writtenDate: s.writtenDate,
      printingOrgan: s.printingOrgan,
      printedDate: s.printedDate,
      pdf: s.sealed
        ? {
            storageKey: s.sealed.sealedStorageKey,
            sha256: s.sealed.sealedPdfSha256,
            pages: s.rendered?.pages ?? 0,
            sealId: s.sealed.sealId,
          }
        : s.rendered
          ? { storageKey: s.rendered.storageKey, sha256: s.rendered.pdfSha256, pages: s.rendered.pages, sealId: null }
          : null,
    };
    for (const d of s.deliveries) {
      const clerks = await this.clerksOf(d.unitId);
      const data = {
        incomingId: d.incomingId,
        unitId: d.unitId,
        unitName: d.unitName,
        from: { outgoingId: id, unitId: s.unitId, unitName: own?.name ?? s.unitId },
        copyNo: d.copyNo,
        document,
        clerks,
      };
      await kit.inc(d.incomingId, { type: 'ReceiveIncoming', data }, { ...ctx, causationId: ctx.commandId ?? null }, { commandId: null });
    }
    return s.deliveries.map((d) => ({ unitId: d.unitId, incomingId: d.incomingId, copyNo: d.copyNo }));
  }

  /** Org facts for 待签收 (the rule is recipients.ts clerksWhoSignFor): the holders of the 收文 clerk role in the unit. */
  private async clerksOf(unitId: string): Promise<UserFact[]> {
    const ids = await this.kit.approvers.usersWithRole(INCOMING_CLERK_ROLE, unitId);
    const users = await Promise.all(ids.map((id) => this.kit.org.user(id)));
    return users.filter((u) => u !== null).map((u) => ({ id: u.id, unitId: u.unitId, active: u.active }));
  }

  /** Copies a receiving unit's 签收/退回 back to the 发文's delivery. */
  async acknowledge(inc: IncomingState, outcomeOf: 'signed' | 'returned', reason: string, ctx: DocumentContext, at: string): Promise<void> {
    if (!inc.from) return;
    await this.kit.handler.handle({
      streamId: outgoingStreamId(inc.from.outgoingId),
      decider: outgoingDecider,
      command: { type: 'AcknowledgeDelivery', data: { incomingId: inc.incomingId, outcome: outcomeOf, reason, actorId: ctx.actorId, at } },
      metadata: { ...this.kit.meta(ctx), causationId: ctx.commandId ?? null },
      commandId: null,
    });
  }
}
