import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import ExcelJS from 'exceljs';
import { ContactCommands, type ContactContext } from '../../commands/contacts/contact-commands';
import { ContactCardDto, MobilePolicyDto, PersonalContactDto } from '../../commands/contacts/dtos';
import { mobileScopeOf, mobileVisible, vcardOf, type VCardPerson } from '../../domain/contacts';
import { BUILTIN_ROLES } from '../../domain/org/permissions';
import { personById, personalContacts, type PersonRow, type Viewer } from '../../projections/contacts/queries';
import { PeopleIndex } from '../../projections/contacts/search-index';
import { scopeFor, type Principal } from '../auth/principal';
import { notFound } from '../http/problem';
import { PageQuery, pageOf } from '../http/pagination';
import type { RouteContext, RouteDef } from '../http/registry';
import { closed } from '../http/schemas';
import type { Platform } from '../platform';

/**
 * 通讯录 HTTP routes (under /api/contacts). Reading needs org.read; a mobile number is shown only where the
 * viewer's mobile scope (set by the security admin, security.admin) reaches the person — elsewhere it is
 * null with `mobileHidden: true`, is left out of the vCard and the Excel export, and does not match a search.
 * 个人通讯录 belongs to its owner alone (every query and command is on the caller's own stream).
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class PeopleQuery extends PageQuery {
  /** 姓名、拼音首字母（xwb）、用户名、电话、邮箱或办公室 */
  @IsOptional() @IsString() @MaxLength(50) q?: string;
  @IsOptional() @Matches(ID) unitId?: string;
  @IsOptional() @Matches(ID) departmentId?: string;
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}
export class PersonalQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(50) q?: string;
}

const s = { type: 'string' };
const sn = { type: ['string', 'null'] };
const int = { type: 'integer' };
const personSchema = closed({
  userId: s,
  name: s,
  initials: s,
  unitId: s,
  unitName: sn,
  departmentId: s,
  departmentName: sn,
  title: s,
  officePhone: sn,
  mobile: sn,
  mobileHidden: { type: 'boolean' },
  email: sn,
  room: sn,
});
const personalSchema = closed({
  contactId: s,
  name: s,
  initials: s,
  organisation: sn,
  title: sn,
  mobile: sn,
  phone: sn,
  email: sn,
  note: sn,
});
const pageSchema = (item: Record<string, unknown>) =>
  closed({ items: { type: 'array', items: item }, total: int, page: int, pageSize: int });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function contactRoutes(p: Platform): RouteDef[] {
  const cmds = new ContactCommands(p.commands);
  const index = new PeopleIndex(p.readDb);
  const cctx = (ctx: RouteContext): ContactContext => ({
    actorId: ctx.principal.userId,
    unitId: ctx.principal.unitId,
    correlationId: ctx.requestId,
    commandId: ctx.commandId || null,
    clientIp: ctx.clientIp,
  });
  const settled = async <T>(r: T): Promise<T> => {
    await p.projections.waitFor(await p.store.headPosition(), { timeoutMs: 5000 }).catch(() => false);
    return r;
  };
  const viewerOf = async (who: Principal): Promise<Viewer> => {
    const policy = (await cmds.policy()).policy;
    const mobileScope = mobileScopeOf(policy, who.roles);
    const subtree = mobileScope === 'department_tree' && who.departmentId ? await p.org.departmentSubtree(who.departmentId) : [];
    return { userId: who.userId, unitId: who.unitId, departmentId: who.departmentId, mobileScope, subtree };
  };
  const shown = (v: Viewer, r: PersonRow) => {
    const visible = mobileVisible(v.mobileScope, v, { userId: r.userId, unitId: r.unitId, departmentId: r.departmentId }, v.subtree);
    return { ...r, mobile: visible ? r.mobile : null, mobileHidden: !visible && r.mobile !== null };
  };
  const cmd = <B>(def: Omit<RouteDef<B>, 'command' | 'tag'>): RouteDef<B> => ({
    tag: '通讯录',
    command: true,
    ...def,
    handler: async (ctx) => settled(await def.handler(ctx)),
  });
  const query = <Q>(def: Omit<RouteDef<unknown, Q>, 'tag'>): RouteDef<unknown, Q> => ({ tag: '通讯录', ...def });
  const sendVcard = (ctx: RouteContext, name: string, card: VCardPerson) => {
    ctx.res.status(200).type('text/vcard; charset=utf-8');
    ctx.res.setHeader('Content-Disposition', `attachment; filename="contact.vcf"; filename*=UTF-8''${encodeURIComponent(name)}.vcf`);
    ctx.res.setHeader('Cache-Control', 'private, no-store');
    ctx.res.send(vcardOf(card));
  };

  return [
    query<PeopleQuery>({
      method: 'get',
      path: '/contacts/people',
      summary: '通讯录查询：单位 → 部门 → 人员；按姓名、拼音首字母（如 xwb）、电话或邮箱搜索；format=xlsx 导出',
      permission: 'org.read',
      query: PeopleQuery,
      response: { name: 'ContactPeoplePage', schema: pageSchema(personSchema) },
      handler: async (ctx) => {
        const v = await viewerOf(ctx.principal);
        const departmentIds = ctx.query.departmentId ? await p.org.departmentSubtree(ctx.query.departmentId) : undefined;
        if (ctx.query.format === 'xlsx') {
          const r = await index.search({ q: ctx.query.q, unitId: ctx.query.unitId, departmentIds, page: 1, pageSize: 5000 }, v);
          const wb = new ExcelJS.Workbook();
          wb.creator = '政务协同办公平台';
          const ws = wb.addWorksheet('通讯录');
          ws.columns = [
            { header: '姓名', key: 'name', width: 10 },
            { header: '单位', key: 'unitName', width: 24 },
            { header: '部门', key: 'departmentName', width: 16 },
            { header: '职务', key: 'title', width: 12 },
            { header: '办公电话', key: 'officePhone', width: 18 },
            { header: '手机', key: 'mobile', width: 14 },
            { header: '电子邮箱', key: 'email', width: 28 },
            { header: '办公室', key: 'room', width: 10 },
          ];
          ws.getRow(1).font = { bold: true };
          for (const row of r.items) ws.addRow(shown(v, row));
          ctx.res.status(200).type(XLSX);
          ctx.res.setHeader(
            'Content-Disposition',
            `attachment; filename="contacts.xlsx"; filename*=UTF-8''${encodeURIComponent('通讯录')}.xlsx`,
          );
          ctx.res.send(Buffer.from(await wb.xlsx.writeBuffer()));
          return;
        }
        const { page, pageSize } = pageOf(ctx.query);
        const r = await index.search({ q: ctx.query.q, unitId: ctx.query.unitId, departmentIds, page, pageSize }, v);
        return { items: r.items.map((x) => shown(v, x)), total: r.total, page, pageSize };
      },
    }),
    query({
      method: 'get',
      path: '/contacts/people/:userId',
      summary: '一个人的通讯录信息（手机号码按可见范围）',
      permission: 'org.read',
      response: { name: 'ContactPerson', schema: personSchema },
      handler: async (ctx) => {
        const r = await personById(p.readDb, ctx.params.userId);
        if (!r) throw notFound('人员不存在');
        return shown(await viewerOf(ctx.principal), r);
      },
    }),
    query({
      method: 'get',
      path: '/contacts/people/:userId/vcard',
      summary: '名片（vCard 3.0，可导入手机通讯录）',
      permission: 'org.read',
      raw: true,
      produces: 'text/vcard',
      handler: async (ctx) => {
        const r = await personById(p.readDb, ctx.params.userId);
        if (!r) throw notFound('人员不存在');
        const x = shown(await viewerOf(ctx.principal), r);
        sendVcard(ctx, x.name, { ...x, title: x.title || null });
      },
    }),
    query({
      method: 'get',
      path: '/contacts/me/card',
      summary: '我的通讯录信息（办公电话、手机、邮箱、办公室）',
      permission: 'org.read',
      response: { name: 'ContactCard', schema: closed({ officePhone: sn, mobile: sn, email: sn, room: sn }) },
      handler: async (ctx) => {
        const c = await cmds.card(ctx.principal.userId);
        return { officePhone: c.officePhone, mobile: c.mobile, email: c.email, room: c.room };
      },
    }),
    cmd<ContactCardDto>({
      method: 'post',
      path: '/contacts/me/card',
      summary: '修改我的通讯录信息',
      permission: 'org.read',
      body: ContactCardDto,
      handler: (ctx) => cmds.updateCard(ctx.principal.userId, ctx.body, false, cctx(ctx)),
    }),
    cmd<ContactCardDto>({
      method: 'post',
      path: '/contacts/people/:userId/card',
      summary: '维护他人的通讯录信息（组织机构管理员，按数据范围）',
      permission: 'org.admin',
      scope: (ctx) => ({ ownerId: ctx.params.userId, resource: `contact-card-${ctx.params.userId}` }),
      body: ContactCardDto,
      handler: async (ctx) => {
        if (!(await personById(p.readDb, ctx.params.userId))) throw notFound('人员不存在');
        return cmds.updateCard(ctx.params.userId, ctx.body, scopeFor(ctx.principal, 'org.admin') !== null, cctx(ctx));
      },
    }),
    query({
      method: 'get',
      path: '/contacts/mobile-policy',
      summary: '手机号码可见范围（安全管理员）',
      permission: 'security.admin',
      response: {
        name: 'MobilePolicy',
        schema: closed({
          defaultScope: s,
          roleScopes: { type: 'object', additionalProperties: s },
          setBy: sn,
          at: sn,
          roles: { type: 'array', items: closed({ id: s, name: s }) },
        }),
      },
      handler: async () => {
        const st = await cmds.policy();
        return { ...st.policy, setBy: st.setBy, at: st.at, roles: Object.entries(BUILTIN_ROLES).map(([id, r]) => ({ id, name: r.name })) };
      },
    }),
    cmd<MobilePolicyDto>({
      method: 'post',
      path: '/contacts/mobile-policy',
      summary: '设置手机号码可见范围（默认范围与按角色的范围；留痕）',
      permission: 'security.admin',
      body: MobilePolicyDto,
      handler: (ctx) => cmds.setMobilePolicy(ctx.body, Object.keys(BUILTIN_ROLES), cctx(ctx)),
    }),
    query<PersonalQuery>({
      method: 'get',
      path: '/contacts/personal',
      summary: '个人通讯录（仅本人可见）',
      permission: 'org.read',
      query: PersonalQuery,
      response: { name: 'PersonalContactsPage', schema: pageSchema(personalSchema) },
      handler: async (ctx) => {
        const { page, pageSize } = pageOf(ctx.query);
        const r = await personalContacts(p.readDb, ctx.principal.userId, { q: ctx.query.q, page, pageSize });
        return { ...r, page, pageSize };
      },
    }),
    cmd<PersonalContactDto>({
      method: 'post',
      path: '/contacts/personal',
      summary: '添加个人联系人',
      permission: 'org.read',
      body: PersonalContactDto,
      handler: (ctx) => cmds.addPersonal(ctx.body, cctx(ctx)),
    }),
    cmd<PersonalContactDto>({
      method: 'post',
      path: '/contacts/personal/:contactId',
      summary: '修改个人联系人',
      permission: 'org.read',
      body: PersonalContactDto,
      handler: (ctx) => cmds.updatePersonal(ctx.params.contactId, ctx.body, cctx(ctx)),
    }),
    cmd({
      method: 'delete',
      path: '/contacts/personal/:contactId',
      summary: '删除个人联系人',
      permission: 'org.read',
      handler: (ctx) => cmds.removePersonal(ctx.params.contactId, cctx(ctx)),
    }),
    query({
      method: 'get',
      path: '/contacts/personal/:contactId/vcard',
      summary: '个人联系人的名片（vCard）',
      permission: 'org.read',
      raw: true,
      produces: 'text/vcard',
      handler: async (ctx) => {
        const r = await personalContacts(p.readDb, ctx.principal.userId, { page: 1, pageSize: 100000 });
        const c = r.items.find((x) => x.contactId === ctx.params.contactId);
        if (!c) throw notFound('联系人不存在');
        sendVcard(ctx, c.name, {
          name: c.name,
          unitName: c.organisation,
          departmentName: null,
          title: c.title,
          officePhone: c.phone,
          mobile: c.mobile,
          email: c.email,
          room: null,
        });
      },
    }),
  ];
}
