import { compactDate, formatArchivalCode, RETENTION_CODES, type ArchiveFiling, type ArchiveKey } from '../../domain/documents/archive';
import { incomingStreamId } from '../../domain/documents/incoming.events';
import { archiveItemRegister, archiveItemStreamId } from '../../domain/documents/numbering';
import { outgoingStreamId } from '../../domain/documents/outgoing.events';
import { unchanged, type DocumentContext, type DocumentKit, type DocumentResult } from './document-kit';
import type { ArchiveDto } from './dtos';

type CatalogueFields = Omit<ArchiveFiling, keyof ArchiveKey | 'itemNumber' | 'archivalCode'>;

/**
 * 归档 (DA/T 22) of a 发文 or a 收文: 件号 from the (全宗, 年度, 期限, 机构) register (gap-free, idempotent per
 * document), 档号 from it, catalogue fields from the document; the archive package is built afterwards
 * (it can be rebuilt from the log, so its failure does not undo the filing).
 */
export class ArchiveCommands {
  constructor(private readonly kit: DocumentKit) {}

  async file(
    direction: 'outgoing' | 'incoming',
    id: string,
    dto: ArchiveDto,
    ctx: DocumentContext,
  ): Promise<DocumentResult & { archivalCode: string }> {
    const { kit } = this;
    let base: CatalogueFields;
    let defaultYear: number;
    let precheck: (filing: ArchiveFiling) => void;
    if (direction === 'outgoing') {
      const s = await kit.current(id, ctx);
      if (s.archive) return { ...unchanged(id, outgoingStreamId(id)), archivalCode: s.archive.archivalCode };
      const el = s.elements!;
      base = {
        docNumber: s.number?.docNumber ?? null,
        responsible: el.issuers.map((i) => i.name).join('、'),
        title: el.title,
        date: compactDate(s.writtenDate ?? ''),
        classification: el.classification,
        pages: s.rendered?.pages ?? null,
        remarks: dto.remarks ?? '',
      };
      defaultYear = Number((s.writtenDate ?? kit.now()).slice(0, 4));
      precheck = (filing) => kit.precheckOutgoing(s, { type: 'ArchiveOutgoing', data: { filing } }, ctx);
    } else {
      const s = await kit.existingIncoming(id);
      if (s.archive) return { ...unchanged(id, incomingStreamId(id)), archivalCode: s.archive.archivalCode };
      const e = s.entry!;
      const date = s.document?.writtenDate ?? e?.receivedDate ?? '';
      base = {
        docNumber: e?.docNumber || null,
        responsible: e?.sourceOrgan ?? '',
        title: e?.title ?? '',
        date: compactDate(date),
        classification: e?.classification ?? '内部',
        pages: e?.pages ?? null,
        remarks: dto.remarks ?? e?.remarks ?? '',
      };
      defaultYear = Number((e?.receivedDate ?? kit.now()).slice(0, 4));
      precheck = (filing) => kit.precheckIncoming(s, { type: 'ArchiveIncoming', data: { filing } }, ctx);
    }
    const key: ArchiveKey = { fondsCode: dto.fondsCode, year: dto.year ?? defaultYear, retention: dto.retention, orgCode: dto.orgCode };
    precheck({ ...key, ...base, itemNumber: 0, archivalCode: '' });
    const itemNumber = await kit.allocate(
      archiveItemRegister,
      archiveItemStreamId(key.fondsCode, key.year, RETENTION_CODES[key.retention], key.orgCode),
      { fondsCode: key.fondsCode, year: key.year, retention: key.retention, orgCode: key.orgCode },
      id,
      ctx,
    );
    const filing: ArchiveFiling = { ...key, ...base, itemNumber, archivalCode: formatArchivalCode(key, itemNumber) };
    const r =
      direction === 'outgoing'
        ? await kit.out(id, { type: 'ArchiveOutgoing', data: { filing } }, ctx)
        : await kit.inc(id, { type: 'ArchiveIncoming', data: { filing } }, ctx);
    const packager = kit.options.packager;
    if (packager && !r.duplicate) {
      await packager.build({ documentId: id, direction, filing }).catch(() => undefined); // the package can be rebuilt from the log
    }
    return { ...r, archivalCode: filing.archivalCode };
  }
}
