import type { Request, Response } from 'express';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  ATTACHMENT_MAX_BYTES,
  ArchiveDto,
  AssignDto,
  CirculateDto,
  CompleteDto,
  DistributeDto,
  DocumentCommands,
  DocumentOpinionDto,
  DraftOutgoingDto,
  EditOutgoingDto,
  InstructDto,
  PortUnavailable,
  ProposeDto,
  ReasonDto,
  RegisterIncomingDto,
  RegisterPaperDto,
  RenderDto,
  ReturnToDrafterDto,
  SubmitOutgoingDto,
  type DocumentCommandsOptions,
  type DocumentContext,
  type UploadedFile,
} from '../../commands/documents';
import { lineDiff, diffStats } from '../../domain/documents/diff';
import {
  CLASSIFICATIONS,
  DOCUMENT_KINDS,
  INCOMING_CATEGORY_LABELS,
  isClassification,
  type Classification,
} from '../../domain/documents/elements';
import { INCOMING_STATUS_LABELS, type IncomingState } from '../../domain/documents/incoming.events';
import {
  EXCHANGE_STATUS_LABELS,
  currentBody,
  currentVersion,
  outgoingStage,
  type OutgoingAttachment,
  type OutgoingState,
} from '../../domain/documents/outgoing.events';
import { INCOMING_CLERK_ROLE } from '../../domain/documents/recipients';
import { openTasks } from '../../domain/workflow/instance.events';
import {
  archiveCatalogue,
  circulationOf,
  exchangeByIncoming,
  myUnread,
  pendingReceipts,
  searchDocuments,
  type ReadScope,
} from '../../projections/documents/queries';
import { scopeFor } from '../auth/principal';
import { scopeCovers } from '../../domain/org/permissions';
import { HttpProblem, badRequest, notFound, titleFor } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import { result, type RouteContext, type RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { incomingAllowedActions, outgoingAllowedActions } from './allowed-actions';
import { catalogueWorkbook, searchWorkbook } from './excel';
import { PUBLIC_HOLIDAYS } from '../workflow/calendar';
import { fontDir } from '../../reports/documents/fonts';
import { incomingPrintItem, outgoingPrintItem, printSlips } from '../../reports/documents/print';
import type { SlipItem } from '../../reports/documents/slip';
import { scopeReaches } from '../auth/access';
import { archiveMaterialSource } from './archive-source';

/**
 * 公文管理 HTTP routes (under /api/documents). Authorisation: 'document.*' permissions with the data
 * scope of the caller's grant compared with the document's unit/department/drafter; actions that
 * belong to a person (核稿/签发 tasks, 复核, 已阅) are checked by the domain against that person.
 * Commands take an Idempotency-Key and answer after the read models caught up (read-your-writes).
 *
 * Options (DocumentCommandsOptions): renderer / sealService ports (unbound → 套红/用印 answer 503 and
 * 分发 needs no seal), clearance (env DOCUMENT_CLEARANCE, default 秘密).
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class SearchQuery extends PageQuery {
  /** 关键词（标题、文号、机关、正文） */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsString() @MaxLength(100) title?: string;
  /** 文号或收文编号（包含） */
  @IsOptional() @IsString() @MaxLength(60) number?: string;
  /** 发文机关 / 来文单位（包含） */
  @IsOptional() @IsString() @MaxLength(100) issuer?: string;
  @IsOptional() @IsIn(DOCUMENT_KINDS) kind?: string;
  @IsOptional() @IsIn(['outgoing', 'incoming']) direction?: 'outgoing' | 'incoming';
  @IsOptional() @IsString() @Matches(/^[a-z_]{1,20}$/) status?: string;
  @IsOptional() @IsIn(['normal', 'fax', 'supervision']) category?: string;
  @IsOptional() @Matches(DATE, { message: '开始日期须为 YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(DATE, { message: '结束日期须为 YYYY-MM-DD' }) to?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

export class PendingQuery extends PageQuery {}

/** 批量打印: up to 50 documents, each `outgoing:<id>` or `incoming:<id>`, comma-separated, printed in this order. */
export class PrintQuery {
  @IsString()
  @Matches(/^(outgoing|incoming):[A-Za-z0-9_-]{1,64}(,(outgoing|incoming):[A-Za-z0-9_-]{1,64}){0,49}$/, {
    message: '打印清单须为逗号分隔的 outgoing:<标识> 或 incoming:<标识>，最多 50 件',
  })
  items!: string;
}

export class CatalogueQuery {
  @Type(() => Number) @IsInt({ message: '年度须为整数' }) @Min(1949) @Max(2999) year!: number;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

export class DiffQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) from?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) to?: number;
}

/** Where rendered and sealed PDFs are kept (content-addressed; reports/documents FileStore). */
export interface PdfFiles {
  has(key: string): boolean;
  get(key: string): Buffer;
}

export interface DocumentRouteOptions extends Omit<DocumentCommandsOptions, 'clearance'> {
  clearance?: Classification;
  files?: PdfFiles;
}

function clearanceFromEnv(): Classification | undefined {
  const v = process.env.DOCUMENT_CLEARANCE;
  return v && isClassification(v) ? v : undefined;
}

function docCtx(ctx: RouteContext): DocumentContext {
  const who = ctx.principal;
  return {
    actorId: who.userId,
    actorName: who.displayName,
    unitId: who.unitId,
    departmentId: who.departmentId,
    correlationId: ctx.requestId,
    commandId: ctx.commandId || null,
    clientIp: ctx.clientIp,
    isOffice: scopeFor(who, 'document.register') !== null,
  };
}

/** Read-your-writes: the answer leaves once every projection has seen the store's head. */
async function settled<T>(p: Platform, r: T): Promise<T> {
  await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
  return r;
}

async function guard<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof PortUnavailable) throw new HttpProblem(503, '服务不可用', e.message, { code: 'document.port_unavailable' });
    throw e;
  }
}

export function documentRoutes(options: DocumentRouteOptions = {}) {
  return (p: Platform): RouteDef[] =>
    build(
      p,
      new DocumentCommands(p.commands, { calendar: PUBLIC_HOLIDAYS, ...options, clearance: options.clearance ?? clearanceFromEnv() }),
      options.files ?? null,
    );
}

/** 附件 as listed: in 附件说明 order; `id` (SM3) null for an entry without an uploaded file. */
function attachmentList(s: OutgoingState) {
  return (s.elements?.attachments ?? []).map((m) => {
    const f = s.attachmentFiles.find((a) => a.sha256 === m.sha256);
    return {
      id: f?.id ?? null,
      name: m.name,
      size: m.size,
      sha256: m.sha256,
      fileName: f?.fileName ?? null,
      contentType: f?.contentType ?? null,
      uploadedBy: f ? { id: f.uploadedBy, name: f.uploadedByName } : null,
      at: f?.at ?? null,
    };
  });
}

const ATTACHMENT_ID = /^[0-9a-f]{64}$/;
const MB = ATTACHMENT_MAX_BYTES / 1024 / 1024;

/**
 * Reads an upload: the raw bytes as the body (Content-Type: the file's type or application/octet-stream),
 * the file name URL-encoded in `X-File-Name`, an optional 附件名称 in `X-Attachment-Name`. More than
 * 20 MB → 413 (from Content-Length before reading, or while reading a chunked body); the rest of the
 * body is drained so that the client reads the answer.
 */
export async function readUpload(req: Request): Promise<UploadedFile> {
  const drain = () => {
    if (!req.readableEnded) req.resume();
  };
  const type = (req.get('content-type') ?? '').toLowerCase();
  if (/^(application\/(json|x-www-form-urlencoded)|multipart\/|text\/)/.test(type)) {
    drain();
    throw badRequest('请以文件原始内容上传（Content-Type 为文件类型或 application/octet-stream），文件名放在 X-File-Name 头', [
      { field: 'file', message: '请求体须为文件原始内容' },
    ]);
  }
  const header = (h: string, field: string): string | null => {
    const raw = req.get(h);
    if (raw === undefined || raw === '') return null;
    try {
      return decodeURIComponent(raw);
    } catch {
      drain();
      throw badRequest(`${h} 须为 URL 编码的 UTF-8 文本`, [{ field, message: '编码不正确' }]);
    }
  };
  const fileName = header('x-file-name', 'fileName');
  const name = header('x-attachment-name', 'name');
  if (!fileName) {
    drain();
    throw badRequest('请提供附件文件名（X-File-Name 头）', [{ field: 'fileName', message: '请提供文件名' }]);
  }
  const tooLarge = () =>
    new HttpProblem(413, titleFor(413), `附件不能超过 ${MB} MB`, {
      code: 'document.attachment_too_large',
      errors: [{ field: 'file', message: `附件不能超过 ${MB} MB` }],
    });
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > ATTACHMENT_MAX_BYTES) {
    drain();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > 4 * ATTACHMENT_MAX_BYTES) {
      req.destroy();
      break;
    }
    if (total <= ATTACHMENT_MAX_BYTES) chunks.push(chunk);
  }
  if (total > ATTACHMENT_MAX_BYTES) throw tooLarge();
  return { bytes: Buffer.concat(chunks, total), fileName, name };
}

/** An attachment download: its type from the allow-list, the UTF-8 file name, its SM3 in a header. */
function sendAttachment(res: Response, { attachment: a, bytes }: { attachment: OutgoingAttachment; bytes: Buffer }): void {
  const ascii = a.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.status(200).type(a.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-SM3', a.id);
  res.send(bytes);
}

function outgoingView(s: OutgoingState, extra: Record<string, unknown>) {
  return {
    id: s.documentId,
    direction: 'outgoing',
    status: s.status,
    stage: outgoingStage(s),
    unitId: s.unitId,
    departmentId: s.departmentId,
    drafter: { id: s.drafterId, name: s.drafterName },
    elements: s.elements,
    body: currentBody(s),
    version: currentVersion(s),
    versions: s.versions.map((v) => ({
      version: v.version,
      authorId: v.authorId,
      authorName: v.authorName,
      stage: v.stage,
      at: v.at,
      length: v.body.length,
    })),
    processId: s.processId,
    signature: s.signature,
    writtenDate: s.writtenDate,
    review: s.review,
    number: s.number,
    rendered: s.rendered,
    sealed: s.sealed ? { sealId: s.sealed.sealId, at: s.sealed.at, pdfSm3: s.sealed.pdfSm3 } : null,
    deliveries: s.deliveries.map((d) => ({ ...d, statusLabel: EXCHANGE_STATUS_LABELS[d.status] })),
    printingOrgan: s.printingOrgan,
    printedDate: s.printedDate,
    archive: s.archive,
    attachmentFiles: attachmentList(s),
    ...extra,
  };
}

function incomingView(s: IncomingState, exchange: unknown) {
  return {
    id: s.incomingId,
    direction: 'incoming',
    status: s.status,
    stage: INCOMING_STATUS_LABELS[s.status],
    unitId: s.unitId,
    unitName: s.unitName,
    category: s.category,
    categoryLabel: INCOMING_CATEGORY_LABELS[s.category],
    origin: s.origin,
    from: s.from,
    copyNo: s.copyNo,
    document: s.document,
    body: s.body,
    attachments: s.attachments,
    receivedAt: s.receivedAt,
    signedFor: s.signedFor,
    returned: s.returned,
    receiptNumber: s.receiptNumber,
    entry: s.entry,
    proposals: s.proposals,
    instructions: s.instructions,
    assignment: s.assignment,
    readers: s.readers,
    completed: s.completed,
    archive: s.archive,
    exchange,
  };
}

function build(p: Platform, docs: DocumentCommands, files: PdfFiles | null): RouteDef[] {
  /** The office (收发文登记, 'document.register' with unit scope) reads every document of its unit. */
  const isUnitOffice = (ctx: RouteContext, unitId: string) => {
    const sc = scopeFor(ctx.principal, 'document.register');
    return sc === 'all' || (sc === 'unit' && ctx.principal.unitId === unitId);
  };
  const outgoingTarget = (allowParticipants: boolean) => async (ctx: RouteContext) => {
    const s = await docs.loadOutgoing(ctx.params.id);
    if (s.status === 'none') throw notFound('公文不存在');
    if (allowParticipants) {
      if (isUnitOffice(ctx, s.unitId)) return null;
      const me = ctx.principal.userId;
      if (me === s.drafterId || s.signature?.signerId === me || s.review?.signerId === me) return null;
      const proc = await docs.processOf(s);
      if (proc && Object.values(proc.tasks).some((t) => t.assignee === me || t.actingDelegate === me)) return null;
    }
    return { unitId: s.unitId, departmentId: s.departmentId, ownerId: s.drafterId, resource: `outgoing-document-${s.documentId}` };
  };
  const incomingTarget = (allowReaders: boolean) => async (ctx: RouteContext) => {
    const s = await docs.loadIncoming(ctx.params.id);
    if (s.status === 'none') throw notFound('收文不存在');
    if (allowReaders && (isUnitOffice(ctx, s.unitId) || s.readers.some((r) => r.userId === ctx.principal.userId))) return null;
    return { unitId: s.unitId, departmentId: s.assignment?.lead.id ?? null, resource: `incoming-document-${s.incomingId}` };
  };
  const unitTarget = (ctx: RouteContext) => ({ unitId: ctx.principal.unitId, resource: 'documents' });

  // 打印 (issue 13, 11): 发文稿纸 / 收文处理笺 with every opinion and handwritten signature, alone or in a batch
  const material = archiveMaterialSource(p, () => docs);
  const printItem = async (direction: 'outgoing' | 'incoming', id: string): Promise<SlipItem> => {
    const m = await material.load(id, direction);
    return direction === 'outgoing'
      ? outgoingPrintItem(m, await docs.loadOutgoing(id), m.header.unitName)
      : incomingPrintItem(m, await docs.loadIncoming(id));
  };
  const sendPrint = async (res: Response, name: string, items: () => Promise<SlipItem[]>) => {
    try {
      fontDir();
    } catch {
      throw new HttpProblem(503, '服务不可用', '打印需要中文字体（fonts-noto-cjk），服务器未安装', { code: 'document.port_unavailable' });
    }
    const pdf = await printSlips(await items());
    res.status(200).type('application/pdf');
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}.pdf`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(pdf);
  };
  /** The data-scope check of one document of a batch, as the single routes do it (404 unknown, 403 out of scope). */
  const printable = async (ctx: RouteContext, direction: 'outgoing' | 'incoming', id: string, field: string): Promise<void> => {
    const c = { ...ctx, params: { ...ctx.params, id } } as RouteContext;
    const target = direction === 'outgoing' ? await outgoingTarget(true)(c) : await incomingTarget(true)(c);
    if (!target) return;
    const scope = scopeFor(ctx.principal, 'document.read');
    if (scope && (await scopeReaches(p, ctx.principal, scope, target))) return;
    throw new HttpProblem(403, titleFor(403), '清单中有您无权查看的公文', {
      code: 'document.out_of_scope',
      errors: [{ field, message: '无权查看该公文' }],
    });
  };

  const readScope = async (ctx: RouteContext): Promise<ReadScope> => {
    const who = ctx.principal;
    const read = scopeFor(who, 'document.read') ?? 'self';
    const office = scopeFor(who, 'document.register');
    const scope = office && scopeCovers(office, read) ? office : read;
    const departmentIds = who.departmentId
      ? scope === 'department_tree'
        ? await p.org.departmentSubtree(who.departmentId)
        : [who.departmentId]
      : [];
    return { scope, userId: who.userId, unitId: who.unitId, departmentIds };
  };

  const notify = async (userIds: string[], kind: string, title: string, link: string, now: string) => {
    for (const userId of new Set(userIds)) p.bus.publish({ id: `${kind}:${link}:${userId}`, userId, kind, title, link, at: now });
  };
  const officeOf = async (unitId: string): Promise<string[]> => {
    const s = await p.directory.snapshot();
    return [...s.users.values()]
      .filter((u) => u.status === 'active' && u.primaryPost.unitId === unitId && INCOMING_CLERK_ROLE in u.roles)
      .map((u) => u.userId);
  };

  const cmd = <B>(def: Omit<RouteDef<B>, 'command' | 'tag'> & { tag?: string }): RouteDef<B> => ({
    tag: '公文管理',
    command: true,
    ...def,
    handler: (ctx) => guard(async () => settled(p, await def.handler(ctx))),
  });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'> & { tag?: string }): RouteDef<unknown, Q> => ({ tag: '公文管理', ...def });

  return [
    // ------------------------------------------------------------------ 发文
    cmd<DraftOutgoingDto>({
      method: 'post',
      path: '/documents/outgoing',
      summary: '拟稿：新建发文（GB/T 9704 要素与正文）',
      permission: 'document.draft',
      body: DraftOutgoingDto,
      handler: (ctx) => docs.outgoing.draft(ctx.body, docCtx(ctx)),
    }),
    query({
      method: 'get',
      path: '/documents/outgoing/:id',
      summary: '发文详情：要素、正文、版本、审批进度、分发状态',
      permission: 'document.read',
      scope: outgoingTarget(true),
      handler: async (ctx) => {
        const s = await docs.loadOutgoing(ctx.params.id);
        const proc = await docs.processOf(s);
        const process = proc
          ? {
              id: proc.instanceId,
              status: proc.status,
              currentNodes: Object.entries(proc.nodes)
                .filter(([, v]) => v === 'current')
                .map(([k]) => k),
              openTasks: openTasks(proc).map((t) => ({ taskId: t.taskId, nodeId: t.nodeId, assignee: t.assignee, kind: t.kind })),
              log: proc.log,
            }
          : null;
        const allowedActions = await outgoingAllowedActions(p, docs, s, ctx, docCtx(ctx), proc);
        return outgoingView(s, {
          process,
          sealRequired: docs.requireSeal,
          ports: { renderer: !!docs.publishing.renderer, seal: !!docs.publishing.sealService },
          allowedActions,
        });
      },
    }),
    query({
      method: 'get',
      path: '/documents/outgoing/:id/diff',
      summary: '正文版本比较（默认：上一版 → 最新版）',
      permission: 'document.read',
      scope: outgoingTarget(true),
      query: DiffQuery,
      handler: async (ctx: RouteContext<unknown, DiffQuery>) => {
        const s = await docs.loadOutgoing(ctx.params.id);
        const last = currentVersion(s);
        const to = ctx.query.to ?? last;
        const from = ctx.query.from ?? Math.max(1, to - 1);
        const a = s.versions.find((v) => v.version === from);
        const b = s.versions.find((v) => v.version === to);
        if (!a || !b) throw notFound('没有这个正文版本');
        const lines = lineDiff(a.body, b.body);
        return {
          from: { version: a.version, authorName: a.authorName, stage: a.stage, at: a.at },
          to: { version: b.version, authorName: b.authorName, stage: b.stage, at: b.at },
          stats: diffStats(lines),
          lines,
        };
      },
    }),
    cmd<EditOutgoingDto>({
      method: 'post',
      path: '/documents/outgoing/:id/edit',
      summary: '修改发文（拟稿、核稿或签发后修改；签发后修改正文/标题/主送须复核）',
      permission: 'document.read',
      body: EditOutgoingDto,
      handler: (ctx) => docs.outgoing.edit(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<SubmitOutgoingDto>({
      method: 'post',
      path: '/documents/outgoing/:id/submit',
      summary: '送审：启动发文流程（部门核稿 → 会签 → 办公室核稿 → 领导签发）',
      permission: 'document.draft',
      body: SubmitOutgoingDto,
      handler: (ctx) => docs.outgoing.submit(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<DocumentOpinionDto>({
      method: 'post',
      path: '/documents/outgoing/:id/approve',
      summary: '核稿 / 会签 / 签发：同意当前待办（可手写签批）',
      permission: 'document.read',
      body: DocumentOpinionDto,
      handler: (ctx) => docs.outgoing.approve(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<ReturnToDrafterDto>({
      method: 'post',
      path: '/documents/outgoing/:id/return',
      summary: '退回拟稿人修改',
      permission: 'document.read',
      body: ReturnToDrafterDto,
      handler: (ctx) => docs.outgoing.returnToDrafter(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<DocumentOpinionDto>({
      method: 'post',
      path: '/documents/outgoing/:id/reconfirm',
      summary: '复核：签发人确认签发后的修改',
      permission: 'document.sign',
      body: DocumentOpinionDto,
      handler: (ctx) => docs.outgoing.reconfirm(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/documents/outgoing/:id/number',
      summary: '登记编号：分配发文字号（按机关代字和年度连续、不重号、不跳号）',
      permission: 'document.register',
      scope: outgoingTarget(false),
      handler: (ctx) => docs.outgoing.registerNumber(ctx.params.id, docCtx(ctx)),
    }),
    cmd<RenderDto>({
      method: 'post',
      path: '/documents/outgoing/:id/render',
      summary: '套红：按红头模板生成版式文件（PDF）',
      permission: 'document.register',
      scope: outgoingTarget(false),
      body: RenderDto,
      responses: { 503: '套红服务未配置' },
      handler: (ctx) => docs.publishing.render(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/documents/outgoing/:id/seal',
      summary: '用印：SM2 电子签章',
      permission: 'document.admin',
      scope: outgoingTarget(false),
      responses: { 503: '电子签章服务未配置' },
      handler: (ctx) => docs.publishing.seal(ctx.params.id, docCtx(ctx)),
    }),
    query({
      method: 'get',
      path: '/documents/outgoing/:id/print',
      summary: '打印发文稿纸（PDF）：签发、会签、核稿、拟稿，意见与原笔迹签名',
      permission: 'document.read',
      scope: outgoingTarget(true),
      raw: true,
      produces: 'application/pdf',
      responses: { 503: '服务器未安装中文字体' },
      handler: async ({ params, res }) => sendPrint(res, '发文稿纸', async () => [await printItem('outgoing', params.id)]),
    }),
    query({
      method: 'get',
      path: '/documents/outgoing/:id/pdf',
      summary: '版式文件（PDF）：已用印的版本，未用印时为套红版本',
      permission: 'document.read',
      scope: outgoingTarget(true),
      raw: true,
      produces: 'application/pdf',
      responses: { 404: '尚未套红', 503: '套红服务未配置' },
      handler: async ({ params, res }) => {
        if (!files) throw new HttpProblem(503, '服务不可用', '套红服务未配置', { code: 'document.port_unavailable' });
        const s = await docs.loadOutgoing(params.id);
        if (s.status === 'none') throw notFound('没有这份公文');
        const key = s.sealed?.sealedStorageKey ?? s.rendered?.storageKey;
        if (!key || !files.has(key)) throw notFound('该公文尚未套红');
        res
          .status(200)
          .type('application/pdf')
          .setHeader('Content-Disposition', `inline; filename="${encodeURIComponent(params.id)}.pdf"`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.send(files.get(key));
      },
    }),
    cmd({
      method: 'post',
      path: '/documents/outgoing/:id/attachments',
      summary: `上传附件（拟稿/核稿）：请求体为文件原始内容，X-File-Name 为 URL 编码的文件名，X-Attachment-Name 可指定附件名称；不超过 ${MB} MB；限 PDF、OFD、Word、Excel、JPG、PNG、ZIP`,
      permission: 'document.read',
      scope: outgoingTarget(true),
      produces: 'application/json',
      responses: { 400: '文件名、类型或内容不符', 409: '同一文件已是附件', 413: `附件超过 ${MB} MB`, 503: '附件存储未配置' },
      handler: async (ctx) => {
        const file = await readUpload(ctx.req);
        const r = await docs.attachments.add(ctx.params.id, file, docCtx(ctx));
        const a = r.attachment;
        return {
          ...r,
          attachment: {
            id: a.id,
            name: a.name,
            fileName: a.fileName,
            contentType: a.contentType,
            size: a.size,
            sha256: a.sha256,
            at: a.at,
          },
        };
      },
    }),
    query({
      method: 'get',
      path: '/documents/outgoing/:id/attachments',
      summary: '附件列表（按附件说明顺序）',
      permission: 'document.read',
      scope: outgoingTarget(true),
      handler: async (ctx) => {
        const s = await docs.loadOutgoing(ctx.params.id);
        return { items: attachmentList(s) };
      },
    }),
    query({
      method: 'get',
      path: '/documents/outgoing/:id/attachments/:attachmentId',
      summary: '下载附件（SM3 校验后发送）',
      permission: 'document.read',
      scope: outgoingTarget(true),
      raw: true,
      produces: 'application/octet-stream',
      responses: { 404: '没有这个附件', 409: '附件文件已被改动', 503: '附件存储未配置' },
      handler: async ({ params, res }) => {
        if (!ATTACHMENT_ID.test(params.attachmentId))
          throw badRequest('附件标识须为 64 位十六进制 SM3 摘要', [{ field: 'attachmentId', message: '附件标识格式不正确' }]);
        sendAttachment(res, await guard(() => docs.attachments.content(params.id, params.attachmentId)));
      },
    }),
    cmd({
      method: 'delete',
      path: '/documents/outgoing/:id/attachments/:attachmentId',
      summary: '删除附件（拟稿/核稿）',
      permission: 'document.read',
      scope: outgoingTarget(true),
      responses: { 404: '没有这个附件' },
      handler: async (ctx) => {
        if (!ATTACHMENT_ID.test(ctx.params.attachmentId))
          throw badRequest('附件标识须为 64 位十六进制 SM3 摘要', [{ field: 'attachmentId', message: '附件标识格式不正确' }]);
        return result(200, await docs.attachments.remove(ctx.params.id, ctx.params.attachmentId, docCtx(ctx)));
      },
    }),
    query({
      method: 'get',
      path: '/documents/outgoing/:id/seal/verify',
      summary: '验证电子签章',
      permission: 'document.read',
      scope: outgoingTarget(true),
      responses: { 503: '电子签章服务未配置' },
      handler: (ctx) => guard(() => docs.publishing.verifySeal(ctx.params.id)),
    }),
    cmd<DistributeDto>({
      method: 'post',
      path: '/documents/outgoing/:id/distribute',
      summary: '分发（公文交换）：送达各单位的待签收箱',
      permission: 'document.register',
      scope: outgoingTarget(false),
      body: DistributeDto,
      handler: async (ctx) => {
        const r = await docs.distribution.distribute(ctx.params.id, ctx.body, docCtx(ctx));
        for (const d of r.deliveries)
          await notify(await officeOf(d.unitId), 'document.received', '有新的来文待签收', `/documents/incoming/${d.incomingId}`, ctx.now);
        return r;
      },
    }),
    cmd<ArchiveDto>({
      method: 'post',
      path: '/documents/outgoing/:id/archive',
      summary: '发文归档（DA/T 22：全宗号、年度、保管期限、机构代码 → 件号、档号）',
      permission: 'document.admin',
      scope: outgoingTarget(false),
      body: ArchiveDto,
      handler: (ctx) => docs.archive.file('outgoing', ctx.params.id, ctx.body, docCtx(ctx)),
    }),

    // ------------------------------------------------------------------ 收文 / 公文交换
    query<PendingQuery>({
      method: 'get',
      path: '/documents/incoming/pending',
      summary: '待签收：本单位收到的交换公文',
      permission: 'document.register',
      query: PendingQuery,
      handler: async (ctx) => {
        if (!ctx.principal.unitId) return { items: [], page: 1, pageSize: 20, total: 0 };
        const { page, pageSize, offset } = pageOf(ctx.query);
        const r = await pendingReceipts(p.readDb, ctx.principal.unitId, { limit: pageSize, offset });
        return { items: r.items.map((x) => ({ ...x, statusLabel: EXCHANGE_STATUS_LABELS[x.status] })), page, pageSize, total: r.total };
      },
    }),
    cmd<RegisterPaperDto>({
      method: 'post',
      path: '/documents/incoming/paper',
      summary: '纸质来文登记（可补登：收文时间早于登记时间）',
      permission: 'document.register',
      body: RegisterPaperDto,
      handler: (ctx) => docs.incoming.registerPaper(ctx.body, docCtx(ctx)),
    }),
    query({
      method: 'get',
      path: '/documents/incoming/:id',
      summary: '收文详情：登记、拟办、批示、承办、传阅、交换状态',
      permission: 'document.read',
      scope: incomingTarget(true),
      handler: async (ctx) => {
        const s = await docs.loadIncoming(ctx.params.id);
        const x = await exchangeByIncoming(p.readDb, s.incomingId);
        const files = await docs.attachments.ofIncoming(s);
        return {
          ...incomingView(s, x ? { ...x, statusLabel: EXCHANGE_STATUS_LABELS[x.status] } : null),
          allowedActions: await incomingAllowedActions(p, docs, s, ctx, docCtx(ctx)),
          attachmentFiles: files.map((a) => ({
            id: a.id,
            name: a.name,
            size: a.size,
            sha256: a.sha256,
            fileName: a.fileName,
            contentType: a.contentType,
            uploadedBy: null,
            at: a.at,
          })),
        };
      },
    }),
    query({
      method: 'get',
      path: '/documents/incoming/:id/attachments/:attachmentId',
      summary: '下载来文附件（发文单位上传的文件，SM3 校验后发送）',
      permission: 'document.read',
      scope: incomingTarget(true),
      raw: true,
      produces: 'application/octet-stream',
      responses: { 404: '没有这个附件', 409: '附件文件已被改动', 503: '附件存储未配置' },
      handler: async ({ params, res }) => {
        if (!ATTACHMENT_ID.test(params.attachmentId))
          throw badRequest('附件标识须为 64 位十六进制 SM3 摘要', [{ field: 'attachmentId', message: '附件标识格式不正确' }]);
        sendAttachment(res, await guard(() => docs.attachments.incomingContent(params.id, params.attachmentId)));
      },
    }),
    query({
      method: 'get',
      path: '/documents/incoming/:id/print',
      summary: '打印收文处理笺（PDF）：拟办、批示（原笔迹）、承办、传阅、办结',
      permission: 'document.read',
      scope: incomingTarget(true),
      raw: true,
      produces: 'application/pdf',
      responses: { 503: '服务器未安装中文字体' },
      handler: async ({ params, res }) => sendPrint(res, '收文处理笺', async () => [await printItem('incoming', params.id)]),
    }),
    query<PrintQuery>({
      method: 'get',
      path: '/documents/print',
      summary: '批量打印发文稿纸 / 收文处理笺（一个 PDF，每件另起一页；每件按数据范围检查）',
      permission: 'document.read',
      query: PrintQuery,
      raw: true,
      produces: 'application/pdf',
      responses: { 403: '清单中有无权查看的公文', 404: '公文不存在', 503: '服务器未安装中文字体' },
      handler: async (ctx) => {
        const list = ctx.query.items.split(',').map((x) => x.split(':') as ['outgoing' | 'incoming', string]);
        for (const [i, [direction, id]] of list.entries()) await printable(ctx, direction, id, `items[${i}]`);
        await sendPrint(ctx.res, `公文办理单（${list.length} 件）`, async () => {
          const out: SlipItem[] = [];
          for (const [direction, id] of list) out.push(await printItem(direction, id));
          return out;
        });
      },
    }),
    cmd({
      method: 'post',
      path: '/documents/incoming/:id/sign-for',
      summary: '签收',
      permission: 'document.register',
      scope: incomingTarget(false),
      handler: (ctx) => docs.incoming.signFor(ctx.params.id, docCtx(ctx)),
    }),
    cmd<ReasonDto>({
      method: 'post',
      path: '/documents/incoming/:id/return',
      summary: '退回（须说明理由）',
      permission: 'document.register',
      scope: incomingTarget(false),
      body: ReasonDto,
      handler: (ctx) => docs.incoming.returnIncoming(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<RegisterIncomingDto>({
      method: 'post',
      path: '/documents/incoming/:id/register',
      summary: '收文登记（按来文自动填写，分配收文编号）',
      permission: 'document.register',
      scope: incomingTarget(false),
      body: RegisterIncomingDto,
      handler: (ctx) => docs.incoming.register(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<ProposeDto>({
      method: 'post',
      path: '/documents/incoming/:id/propose',
      summary: '拟办',
      permission: 'document.register',
      scope: incomingTarget(false),
      body: ProposeDto,
      handler: (ctx) => docs.incoming.propose(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<InstructDto>({
      method: 'post',
      path: '/documents/incoming/:id/instruct',
      summary: '领导批示（文字或原笔迹）',
      permission: 'document.sign',
      scope: incomingTarget(false),
      body: InstructDto,
      handler: (ctx) => docs.incoming.instruct(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<AssignDto>({
      method: 'post',
      path: '/documents/incoming/:id/assign',
      summary: '分派承办（主办、协办部门，办理期限）',
      permission: 'document.register',
      scope: incomingTarget(false),
      body: AssignDto,
      handler: (ctx) => docs.incoming.assign(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<CirculateDto>({
      method: 'post',
      path: '/documents/incoming/:id/circulate',
      summary: '传阅',
      permission: 'document.register',
      scope: incomingTarget(false),
      body: CirculateDto,
      handler: async (ctx) => {
        const r = await docs.incoming.circulate(ctx.params.id, ctx.body, docCtx(ctx));
        await notify(ctx.body.readerIds, 'document.circulate', '有公文请您传阅', `/documents/incoming/${ctx.params.id}`, ctx.now);
        return r;
      },
    }),
    cmd({
      method: 'post',
      path: '/documents/incoming/:id/read',
      summary: '已阅（传阅人本人）',
      permission: 'document.read',
      handler: (ctx) => docs.incoming.markRead(ctx.params.id, docCtx(ctx)),
    }),
    query({
      method: 'get',
      path: '/documents/incoming/:id/circulation',
      summary: '传阅情况：每位传阅人的已阅时间',
      permission: 'document.read',
      scope: incomingTarget(true),
      handler: async (ctx) => ({ items: await circulationOf(p.readDb, ctx.params.id) }),
    }),
    cmd<CompleteDto>({
      method: 'post',
      path: '/documents/incoming/:id/complete',
      summary: '办结（传阅须全部已阅）',
      permission: 'document.register',
      scope: incomingTarget(false),
      body: CompleteDto,
      handler: (ctx) => docs.incoming.complete(ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    cmd<ArchiveDto>({
      method: 'post',
      path: '/documents/incoming/:id/archive',
      summary: '收文归档（DA/T 22）',
      permission: 'document.admin',
      scope: incomingTarget(false),
      body: ArchiveDto,
      handler: (ctx) => docs.archive.file('incoming', ctx.params.id, ctx.body, docCtx(ctx)),
    }),
    query({
      method: 'get',
      path: '/documents/circulation/mine',
      summary: '我的待阅（传阅）',
      permission: 'document.read',
      handler: async (ctx) => ({ items: await myUnread(p.readDb, ctx.principal.userId) }),
    }),

    // ------------------------------------------------------------------ 综合查询 / 归档目录
    query<SearchQuery>({
      method: 'get',
      path: '/documents/search',
      summary: '综合查询：标题、文号、机关、文种、日期、状态、正文关键词（数据范围内，分页；?format=xlsx 导出）',
      permission: 'document.read',
      query: SearchQuery,
      produces: 'application/json',
      handler: async (ctx) => {
        const q = ctx.query;
        const scope = await readScope(ctx);
        const filter = {
          q: q.q,
          title: q.title,
          number: q.number,
          issuer: q.issuer,
          kind: q.kind,
          direction: q.direction,
          status: q.status,
          category: q.category,
          from: q.from,
          to: q.to,
        };
        if (q.format === 'xlsx') {
          const r = await searchDocuments(p.readDb, filter, scope, { limit: 10_000, offset: 0 });
          const buf = await searchWorkbook(r.items);
          ctx.res
            .status(200)
            .type(XLSX)
            .setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('公文综合查询.xlsx')}`);
          ctx.res.send(buf);
          return undefined;
        }
        const { page, pageSize, offset } = pageOf(q);
        const r = await searchDocuments(p.readDb, filter, scope, { limit: pageSize, offset });
        return {
          items: r.items,
          page,
          pageSize,
          total: r.total,
          /** more than `total` match (counting stops at 10,000): show "10,000+" */ totalCapped: r.totalCapped === true,
        };
      },
    }),
    query<CatalogueQuery>({
      method: 'get',
      path: '/documents/archive/catalogue',
      summary: '归档文件目录（年度；?format=xlsx 导出 Excel）',
      permission: 'document.admin',
      scope: unitTarget,
      query: CatalogueQuery,
      handler: async (ctx) => {
        const rows = await archiveCatalogue(p.readDb, ctx.principal.unitId ?? '', ctx.query.year);
        if (ctx.query.format === 'xlsx') {
          const buf = await catalogueWorkbook(rows, ctx.query.year);
          ctx.res
            .status(200)
            .type(XLSX)
            .setHeader(
              'Content-Disposition',
              `attachment; filename*=UTF-8''${encodeURIComponent(`${ctx.query.year}年度归档文件目录.xlsx`)}`,
            );
          ctx.res.send(buf);
          return undefined;
        }
        return { year: ctx.query.year, items: rows.map((r, i) => ({ seq: i + 1, ...r })) };
      },
    }),
    query({
      method: 'get',
      path: '/documents/meta',
      summary: '公文要素选项：文种、密级（本系统可处理的最高密级）、收文类别',
      permission: 'document.read',
      handler: () => ({
        kinds: DOCUMENT_KINDS,
        classifications: CLASSIFICATIONS,
        clearance: docs.clearance,
        categories: INCOMING_CATEGORY_LABELS,
      }),
    }),
  ];
}
