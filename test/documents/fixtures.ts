import type { RenderableDocument } from '../../domain/documents/ports';

/** A realistic 通知 whose 正文 runs to `pages` pages or so (≈ 22 lines × 28 characters a page). */
export function sampleDocument(over: Partial<RenderableDocument> = {}, paragraphs = 12): RenderableDocument {
  const para = (i: number) =>
    `${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i % 10]}、关于第${i + 1}项工作要求。各单位要高度重视预算执行管理工作，严格按照《中华人民共和国预算法》及其实施条例的规定，` +
    `加强组织领导，明确责任分工，细化工作措施，确保2026年度各项财政资金按时足额拨付到位，切实提高资金使用效益；对执行进度滞后的项目，要认真分析原因，及时研究解决。`;
  return {
    documentId: 'doc-0001',
    version: 3,
    unitId: 'unit-czj',
    kind: '通知',
    copyNo: '000012',
    classification: '内部',
    secrecyPeriod: null,
    urgency: '加急',
    issuers: [{ unitId: 'unit-czj', name: '某区财政局' }],
    docNumber: '区财预〔2026〕3号',
    signers: [],
    title: '某区财政局关于做好2026年度部门预算执行管理工作的通知',
    mainRecipients: ['区直各部门', '各街道办事处'],
    body: Array.from({ length: paragraphs }, (_, i) => para(i)).join('\n'),
    attachments: [
      { name: '2026年度部门预算执行进度表', sha256: 'a'.repeat(64), size: 1024 },
      { name: '预算执行情况报告提纲', sha256: 'b'.repeat(64), size: 2048 },
    ],
    signatureNames: ['某区财政局'],
    writtenDate: '2026-03-05',
    note: '联系人：张三，电话：12345678',
    copyTo: ['区委办公室', '区人大常委会办公室', '区政府办公室'],
    printingOrgan: '某区财政局办公室',
    printedDate: '2026-03-06',
    ...over,
  };
}
