import { shanghaiDate } from '../../domain/documents/elements';
import { currentBody, currentVersion, type OutgoingState } from '../../domain/documents/outgoing.events';
import type { DocumentRenderer, RenderableDocument, SealService, SealVerification } from '../../domain/documents/ports';
import { DomainError } from '../../domain/shared/errors';
import { PortUnavailable, documentNotFound, type DocumentContext, type DocumentKit, type DocumentResult } from './document-kit';
import type { RenderDto } from './dtos';

/** 套红 and 用印 of a signed, numbered 发文 through the DocumentRenderer and SealService ports (503 when unbound). */
export class PublishingCommands {
  constructor(private readonly kit: DocumentKit) {}

  get renderer(): DocumentRenderer | null {
    return this.kit.options.renderer ?? null;
  }
  get sealService(): SealService | null {
    return this.kit.options.sealService ?? null;
  }

  /** The document as the renderer sees it (GB/T 9704 elements at the current version). */
  renderable(s: OutgoingState, copyNo: string | null = null): RenderableDocument {
    const el = s.elements!;
    return {
      documentId: s.documentId,
      version: currentVersion(s),
      unitId: s.unitId,
      kind: el.kind,
      copyNo,
      classification: el.classification,
      secrecyPeriod: el.secrecyPeriod,
      urgency: el.urgency,
      issuers: el.issuers,
      docNumber: s.number?.docNumber ?? '',
      signers: s.signature ? [s.signature.signerName] : [],
      title: el.title,
      mainRecipients: el.mainRecipients,
      body: currentBody(s),
      attachments: el.attachments,
      signatureNames: el.signatureNames,
      writtenDate: s.writtenDate ?? '',
      note: el.note,
      copyTo: el.copyTo,
      printingOrgan: s.printingOrgan ?? el.printingOrgan ?? '',
      printedDate: s.printedDate ?? '',
    };
  }

  /**
   * 套红 through the DocumentRenderer port. The 版记 is fixed here, before the PDF exists: 印发机关 as
   * asked, else the one in the elements, else the drafting unit's office (“<单位>办公室”); 印发日期 as
   * asked, else the 套红 day in Asia/Shanghai. The decider refuses an incomplete 版记 before rendering.
   */
  async render(id: string, dto: RenderDto, ctx: DocumentContext): Promise<DocumentResult> {
    const renderer = this.renderer;
    if (!renderer) throw new PortUnavailable('套红服务未配置');
    const s = await this.kit.current(id, ctx);
    const version = currentVersion(s);
    const record = await this.recordFor(s, dto);
    const probe = { pdfSha256: '0'.repeat(64), pages: 1, templateId: '', storageKey: '', bytes: 0 };
    this.kit.precheckOutgoing(s, { type: 'RecordRendering', data: { version, rendered: probe, ...record } }, ctx);
    const document = { ...this.renderable(s), ...record };
    const rendered = await renderer.render({ document, templateId: dto.templateId ?? null });
    return this.kit.out(id, { type: 'RecordRendering', data: { rendered, version, ...record } }, ctx);
  }

  /** The 印发机关 and 印发日期 a 套红 prints (see render). */
  async recordFor(
    s: OutgoingState,
    dto: Pick<RenderDto, 'printingOrgan' | 'printedDate'>,
  ): Promise<{ printingOrgan: string; printedDate: string }> {
    let organ = dto.printingOrgan?.trim() || s.elements?.printingOrgan?.trim() || '';
    if (!organ) {
      const own = await this.kit.org.unit(s.unitId);
      organ = own?.name ? `${own.name}办公室` : '';
    }
    return { printingOrgan: organ, printedDate: dto.printedDate ?? shanghaiDate(this.kit.now()) };
  }

  /** 用印 through the SealService port. */
  async seal(id: string, ctx: DocumentContext): Promise<DocumentResult> {
    const sealer = this.sealService;
    if (!sealer) throw new PortUnavailable('电子签章服务未配置');
    const s = await this.kit.current(id, ctx);
    if (!s.rendered) throw new DomainError('rule', 'document.wrong_stage', '公文须套红后才能用印');
    if (s.sealed) throw new DomainError('rule', 'document.wrong_stage', '公文已用印');
    const seal = await sealer.seal({
      documentId: id,
      unitId: s.unitId,
      pdfStorageKey: s.rendered.storageKey,
      pdfSha256: s.rendered.pdfSha256,
      actorId: ctx.actorId,
    });
    return this.kit.out(id, { type: 'RecordSeal', data: { seal } }, ctx);
  }

  async verifySeal(id: string): Promise<SealVerification & { sealId: string }> {
    const sealer = this.sealService;
    if (!sealer) throw new PortUnavailable('电子签章服务未配置');
    const s = await this.kit.loadOutgoing(id);
    if (s.status === 'none') throw documentNotFound();
    if (!s.sealed) throw new DomainError('rule', 'document.not_sealed', '该公文尚未用印');
    const v = await sealer.verify(s.sealed);
    return { ...v, sealId: s.sealed.sealId };
  }
}
