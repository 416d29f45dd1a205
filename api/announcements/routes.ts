import type { Request } from 'express';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  ANNOUNCEMENT_FILE_MAX_BYTES,
  AnnouncementCommands,
  type AnnouncementContext,
  type AnnouncementFiles,
} from '../../commands/announcements/announcement-commands';
import {
  AnnouncementContentDto,
  PinAnnouncementDto,
  PublishAnnouncementDto,
  WithdrawAnnouncementDto,
} from '../../commands/announcements/dtos';
import { ANNOUNCEMENT_CATEGORIES, ANNOUNCEMENT_STATUS_LABELS, type AnnouncementState } from '../../domain/announcements';
import { receiptDecider, receiptStreamId } from '../../domain/announcements/receipt';
import { DomainError } from '../../domain/shared/errors';
import { managed, received, receipts, strip } from '../../projections/announcements/queries';
import { scopeFor, type Principal } from '../auth/principal';
import { badRequest, notFound } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import { closed } from '../http/schemas';
import type { RouteContext, RouteDef } from '../http/registry';
import type { Platform } from '../platform';
import { workflowServices } from '../workflow/routes';
import { announcementAllowedActions } from './allowed-actions';
import { announcementOrg } from './org';

/**
 * 通知公告 HTTP routes (under /api/announcements). Reading needs announcement.read; a notice is visible to
 * its drafter, its recipients, the publishers of its unit (announcement.publish: unit scope → their unit,
 * all → every unit) and the people with a task in its review process. Drafting needs workflow.use (it
 * starts an approval). Commands take an Idempotency-Key and answer after the read models caught up.
 */
export class ReceivedQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @Type(() => Boolean) @IsBoolean() unread?: boolean;
}
export class ManagedQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsIn(Object.keys(ANNOUNCEMENT_STATUS_LABELS)) status?: string;
}
export class ReceiptsQuery extends PageQuery {
  @IsOptional() @IsIn(['read', 'unread']) filter?: 'read' | 'unread';
}

const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const noticeRow = closed(
  {
    id: str,
    title: str,
    category: str,
    status: str,
    statusLabel: str,
    unitId: str,
    drafterId: str,
    drafterName: str,
    attachmentCount: int,
    displayFrom: strOrNull,
    displayTo: strOrNull,
    pinned: bool,
    publishedAt: strOrNull,
    publisherName: strOrNull,
    withdrawnAt: strOrNull,
    recipientCount: int,
    readCount: int,
    updatedAt: str,
    read: bool,
    readAt: strOrNull,
  },
  ['read', 'readAt'],
);
const page = (name: string, item: Record<string, unknown>) => ({
  name,
  schema: closed({ items: { type: 'array', items: item }, total: int, page: int, pageSize: int }),
});

async function readUpload(req: Request): Promise<{ bytes: Buffer; fileName: string }> {
  const raw = req.get('x-file-name');
  let fileName = '';
  try {
    fileName = raw ? decodeURIComponent(raw) : '';
  } catch {
    throw badRequest('X-File-Name 须为 URL 编码的 UTF-8 文本', [{ field: 'fileName', message: '编码不正确' }]);
  }
  if (!fileName) throw badRequest('请提供附件文件名（X-File-Name 头）', [{ field: 'fileName', message: '请提供文件名' }]);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    total += c.length;
    if (total > ANNOUNCEMENT_FILE_MAX_BYTES) {
      req.resume();
      throw badRequest('附件不能超过 10 MB', [{ field: 'file', message: '附件不能超过 10 MB' }]);
    }
    chunks.push(c);
  }
  return { bytes: Buffer.concat(chunks, total), fileName };
}

export function announcementRoutes(files: AnnouncementFiles | null) {
  return (p: Platform): RouteDef[] =>
    build(p, new AnnouncementCommands(p.commands, () => workflowServices(p).wf, announcementOrg(p), files));
}

function build(p: Platform, cmds: AnnouncementCommands): RouteDef[] {
  /** Units whose notices the caller manages (announcement.publish): 'all', a list, or none. */
  const publisherUnits = (who: Principal): string[] | 'all' => {
    const sc = scopeFor(who, 'announcement.publish');
    if (sc === 'all') return 'all';
    return sc && who.unitId ? [who.unitId] : [];
  };
  const isPublisherOf = (who: Principal) => (unitId: string) => {
    const u = publisherUnits(who);
    return u === 'all' || u.includes(unitId);
  };
  const actx = (ctx: RouteContext): AnnouncementContext => ({
    actorId: ctx.principal.userId,
    unitId: ctx.principal.unitId,
    correlationId: ctx.requestId,
    commandId: ctx.commandId || null,
    clientIp: ctx.clientIp,
    publisherOf: isPublisherOf(ctx.principal),
  });
  const settled = async <T>(r: T): Promise<T> => {
    await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
    return r;
  };
  const hasRead = async (id: string, userId: string) =>
    (await p.commands.load(receiptStreamId(id, userId), receiptDecider)).state.readAt !== null;

  /** Who may see one notice (resolver: null = allowed; a refusal is a 403, recorded). */
  const visible = async (ctx: RouteContext): Promise<null> => {
    const s = await cmds.load(ctx.params.id);
    if (s.status === 'none') throw notFound('通知公告不存在');
    const me = ctx.principal.userId;
    if (s.drafterId === me || isPublisherOf(ctx.principal)(s.unitId)) return null;
    if ((s.status === 'published' || s.status === 'withdrawn') && s.publication?.recipientIds.includes(me)) return null;
    if (s.processId) {
      const proc = await workflowServices(p).wf.instanceState(s.processId);
      if (Object.values(proc.tasks).some((t) => t.assignee === me || t.actingDelegate === me)) return null;
    }
    throw new DomainError('forbidden', 'announcement.out_of_scope', '该通知公告不在您的查阅范围内');
  };

  const view = async (s: AnnouncementState, who: Principal) => {
    const read = await hasRead(s.announcementId, who.userId);
    return {
      id: s.announcementId,
      status: s.status,
      statusLabel: ANNOUNCEMENT_STATUS_LABELS[s.status],
      unitId: s.unitId,
      departmentId: s.departmentId,
      drafter: { id: s.drafterId, name: s.drafterName },
      title: s.content?.title ?? '',
      category: s.content?.category ?? '通知',
      body: s.content?.body ?? '',
      attachments: s.attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, image: a.image })),
      processId: s.processId,
      rounds: s.rounds,
      approval: s.approval,
      sentBack: s.sentBack,
      publication: s.publication
        ? {
            audience: s.publication.audience,
            recipientCount: s.publication.recipientIds.length,
            displayFrom: s.publication.displayFrom,
            displayTo: s.publication.displayTo,
            pinned: s.publication.pinned,
            publisherName: s.publication.publisherName,
            at: s.publication.at,
          }
        : null,
      withdrawal: s.withdrawal,
      draftedAt: s.draftedAt,
      updatedAt: s.updatedAt,
      read,
      allowedActions: announcementAllowedActions(
        s,
        { userId: who.userId, asPublisher: isPublisherOf(who)(s.unitId), hasRead: read, processReturned: await cmds.processReturned(s) },
        p.clock().toISOString(),
      ),
    };
  };

  const cmd = <B>(def: Omit<RouteDef<B>, 'command' | 'tag'>): RouteDef<B> => ({
    tag: '通知公告',
    command: true,
    ...def,
    handler: async (ctx) => settled(await def.handler(ctx)),
  });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: '通知公告', ...def });

  return [
    query({
      method: 'get',
      path: '/announcements/strip',
      summary: '工作台滚动条：当前展示期内发给我的通知公告（置顶在前）',
      permission: 'announcement.read',
      response: {
        name: 'AnnouncementStrip',
        schema: closed({ items: { type: 'array', items: noticeRow } }),
      },
      handler: async (ctx) => {
        const items = await strip(p.readDb, ctx.principal.userId, p.clock().toISOString());
        return { items: items.map((i) => ({ ...i, statusLabel: ANNOUNCEMENT_STATUS_LABELS[i.status as AnnouncementState['status']] })) };
      },
    }),
    query<ReceivedQuery>({
      method: 'get',
      path: '/announcements/received',
      summary: '我收到的通知公告（可只看未读，按标题搜索）',
      permission: 'announcement.read',
      query: ReceivedQuery,
      response: page('AnnouncementReceivedPage', noticeRow),
      handler: async (ctx) => {
        const { page: pg, pageSize } = pageOf(ctx.query);
        const r = await received(p.readDb, ctx.principal.userId, { q: ctx.query.q, unread: ctx.query.unread, page: pg, pageSize });
        return {
          items: r.items.map((i) => ({ ...i, statusLabel: ANNOUNCEMENT_STATUS_LABELS[i.status as AnnouncementState['status']] })),
          total: r.total,
          page: pg,
          pageSize,
        };
      },
    }),
    query<ManagedQuery>({
      method: 'get',
      path: '/announcements/managed',
      summary: '我起草的与本单位的通知公告（发布管理）',
      permission: 'announcement.read',
      query: ManagedQuery,
      response: page('AnnouncementManagedPage', noticeRow),
      handler: async (ctx) => {
        const { page: pg, pageSize } = pageOf(ctx.query);
        const r = await managed(p.readDb, {
          drafterId: ctx.principal.userId,
          unitIds: publisherUnits(ctx.principal),
          q: ctx.query.q,
          status: ctx.query.status,
          page: pg,
          pageSize,
        });
        return {
          items: r.items.map((i) => ({ ...i, statusLabel: ANNOUNCEMENT_STATUS_LABELS[i.status as AnnouncementState['status']] })),
          total: r.total,
          page: pg,
          pageSize,
        };
      },
    }),
    query({
      method: 'get',
      path: '/announcements/:id',
      summary: '通知公告详情（含审核、发布范围、可办操作）',
      permission: 'announcement.read',
      scope: visible,
      handler: async (ctx) => view(await cmds.load(ctx.params.id), ctx.principal),
    }),
    query<ReceiptsQuery>({
      method: 'get',
      path: '/announcements/:id/receipts',
      summary: '阅读回执：每位接收人的已读时间（未读在前），发布人查看',
      permission: 'announcement.read',
      scope: visible,
      query: ReceiptsQuery,
      response: {
        name: 'AnnouncementReceipts',
        schema: closed({
          items: {
            type: 'array',
            items: closed({ userId: str, name: str, unitName: strOrNull, departmentName: strOrNull, readAt: strOrNull }),
          },
          total: int,
          page: int,
          pageSize: int,
          readCount: int,
          recipientCount: int,
        }),
      },
      handler: async (ctx) => {
        const s = await cmds.load(ctx.params.id);
        if (s.drafterId !== ctx.principal.userId && !isPublisherOf(ctx.principal)(s.unitId))
          throw new DomainError('forbidden', 'announcement.not_publisher', '只有起草人或发布管理员可以查看阅读回执');
        const { page: pg, pageSize } = pageOf(ctx.query);
        const filter = ctx.query.filter;
        const r = await receipts(p.readDb, ctx.params.id, {
          read: filter === undefined ? undefined : filter === 'read',
          page: pg,
          pageSize,
        });
        const org = await p.directory.snapshot();
        const items = r.items.map((x) => {
          const u = org.users.get(x.userId);
          return {
            userId: x.userId,
            name: u?.name ?? x.userId,
            unitName: (u && org.units.get(u.primaryPost.unitId)?.name) ?? null,
            departmentName: (u && org.departments.get(u.primaryPost.departmentId)?.name) ?? null,
            readAt: x.readAt,
          };
        });
        return { ...r, items, page: pg, pageSize };
      },
    }),
    query({
      method: 'get',
      path: '/announcements/:id/attachments/:attachmentId',
      summary: '下载附件 / 显示正文图片',
      permission: 'announcement.read',
      scope: visible,
      raw: true,
      produces: 'application/octet-stream',
      handler: async (ctx) => {
        const a = await cmds.attachment(ctx.params.id, ctx.params.attachmentId);
        const ascii = a.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
        ctx.res.status(200).type(a.contentType);
        ctx.res.setHeader(
          'Content-Disposition',
          `${a.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
        );
        ctx.res.setHeader('Cache-Control', 'private, no-store');
        ctx.res.send(a.bytes);
      },
    }),
    cmd<AnnouncementContentDto>({
      method: 'post',
      path: '/announcements',
      summary: `起草通知公告（类别：${ANNOUNCEMENT_CATEGORIES.join('、')}）`,
      permission: 'workflow.use',
      body: AnnouncementContentDto,
      handler: (ctx) => cmds.draft(ctx.body, actx(ctx)),
    }),
    cmd<AnnouncementContentDto>({
      method: 'post',
      path: '/announcements/:id/edit',
      summary: '修改（草稿或退回修改时，起草人）',
      permission: 'workflow.use',
      scope: visible,
      body: AnnouncementContentDto,
      handler: (ctx) => cmds.edit(ctx.params.id, ctx.body, actx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/announcements/:id/attachments',
      summary: '上传附件或图片（原始内容为请求体，文件名 URL 编码放在 X-File-Name 头；≤ 10 MB）',
      permission: 'workflow.use',
      scope: visible,
      handler: async (ctx) => cmds.addAttachment(ctx.params.id, await readUpload(ctx.req), actx(ctx)),
    }),
    cmd({
      method: 'delete',
      path: '/announcements/:id/attachments/:attachmentId',
      summary: '删除附件',
      permission: 'workflow.use',
      scope: visible,
      handler: (ctx) => cmds.removeAttachment(ctx.params.id, ctx.params.attachmentId, actx(ctx)),
    }),
    cmd({
      method: 'post',
      path: '/announcements/:id/submit',
      summary: '送审（发起通知公告审核流程）',
      permission: 'workflow.use',
      scope: visible,
      handler: (ctx) => cmds.submit(ctx.params.id, actx(ctx)),
    }),
    cmd<PublishAnnouncementDto>({
      method: 'post',
      path: '/announcements/:id/publish',
      summary: '发布：发布范围（全体 / 单位 / 部门 / 人员）、展示期、置顶',
      permission: 'announcement.read',
      scope: visible,
      body: PublishAnnouncementDto,
      handler: (ctx) => cmds.publish(ctx.params.id, ctx.body, actx(ctx), ctx.principal.displayName),
    }),
    cmd<PinAnnouncementDto>({
      method: 'post',
      path: '/announcements/:id/pin',
      summary: '置顶 / 取消置顶',
      permission: 'announcement.read',
      scope: visible,
      body: PinAnnouncementDto,
      handler: (ctx) => cmds.pin(ctx.params.id, ctx.body.pinned, actx(ctx)),
    }),
    cmd<WithdrawAnnouncementDto>({
      method: 'post',
      path: '/announcements/:id/withdraw',
      summary: '撤回已发布的通知公告（须填写原因，留痕）',
      permission: 'announcement.read',
      scope: visible,
      body: WithdrawAnnouncementDto,
      handler: (ctx) => cmds.withdraw(ctx.params.id, ctx.body, actx(ctx), ctx.principal.displayName),
    }),
    cmd({
      method: 'post',
      path: '/announcements/:id/read',
      summary: '已读回执（打开通知时由页面发送；只记录第一次）',
      permission: 'announcement.read',
      scope: visible,
      handler: (ctx) => cmds.markRead(ctx.params.id, actx(ctx)),
    }),
  ];
}
