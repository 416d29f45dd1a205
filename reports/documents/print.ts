import type { IncomingState } from '../../domain/documents/incoming.events';
import type { OutgoingState } from '../../domain/documents/outgoing.events';
import type { ArchiveMaterial } from './archive-package';
import { renderSlips, type SlipItem } from './slip';

/**
 * Printed forms of a 公文 (issue 13, 11), from the same material as the archive package's 办文单:
 *  - 发文稿纸: laid out as the 稿纸 of GB/T 9704 practice — 签发 at the head, then 会签/核稿 in
 *    order and 拟稿 last; the 版头 elements (发文机关, 主送, 抄送), 拟稿 unit and person, 成文日期
 *    and 印发 (机关 · 日期) when known;
 *  - 收文处理笺: 来文单位, 来文字号, 收文编号 and 收文日期, then 签收 → 拟办 → 批示 → 承办 → 传阅 → 办结.
 * Each opinion with its handwritten signature redrawn from the strokes (slip.ts).
 */
export function outgoingPrintItem(m: ArchiveMaterial, s: OutgoingState, unitName: string): SlipItem {
  const e = s.elements;
  const extra: [string, string][] = [
    ...(m.header.extra ?? []),
    ['抄送', (e?.copyTo ?? []).join('，') || '（无）'],
    ['拟稿', `${s.drafterName}`],
    ['成文日期', s.writtenDate ?? '（未签发）'],
    ['印发', s.printedDate ? `${s.printingOrgan ?? e?.printingOrgan ?? ''}　${s.printedDate}` : '（未印发）'],
  ];
  // 签发 at the head of the 稿纸, 拟稿 at its foot, the rest in the order they happened
  const rank = (stage: string) => (stage.endsWith('签发') ? 0 : stage === '拟稿' ? 2 : 1);
  const entries = m.slip
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank(a.x.stage) - rank(b.x.stage) || a.i - b.i)
    .map(({ x }) => x);
  return { head: { ...m.header, extra }, entries, formTitle: `${unitName}发文稿纸` };
}

export function incomingPrintItem(m: ArchiveMaterial, s: IncomingState): SlipItem {
  const extra: [string, string][] = [...(m.header.extra ?? []), ['收文日期', s.entry?.receivedDate ?? s.signedFor?.at.slice(0, 10) ?? '']];
  return { head: { ...m.header, extra }, entries: m.slip, formTitle: `${s.unitName}收文处理笺` };
}

/** One PDF of every item, each from a new page. */
export async function printSlips(items: SlipItem[]): Promise<Buffer> {
  return (await renderSlips(items)).pdf;
}
