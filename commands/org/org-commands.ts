import { v7 as uuidv7 } from 'uuid';
import { ORG_ID_PATTERN, orgStreams } from '../../domain/org/common';
import { type DepartmentCommand, type ParentDepartmentFact, departmentDecider } from '../../domain/org/department/decide';
import type { DepartmentState } from '../../domain/org/department/department';
import { isBuiltinRole } from '../../domain/org/permissions';
import { type RoleCommand, roleDecider } from '../../domain/org/role/role';
import { unitDecider } from '../../domain/org/unit/decide';
import { type RoleStatus, type UserCommand, userDecider } from '../../domain/org/user/decide';
import type { Post, UserState } from '../../domain/org/user/user';
import { type UsernameCommand, usernameDecider } from '../../domain/org/username/username';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';
import type { CommandCallMetadata, CommandHandler, HandleResult } from '../pipeline/handler';
import type {
  AddConcurrentPostDto,
  ChangePasswordDto,
  ChangeRolePermissionsDto,
  CloseDto,
  CreateDepartmentDto,
  CreateUnitDto,
  DeactivateUserDto,
  DefineRoleDto,
  GrantRoleDto,
  HireUserDto,
  MoveDto,
  PostDto,
  RenameDto,
  ResetPasswordDto,
  SetLeaderDto,
  TransferUserDto,
  UpdateUserProfileDto,
} from './dtos';
import { type OrgLookup, StoreScanOrgLookup } from './lookup';
import { hashPassword, passwordProblems, verifyPassword } from './password';

/**
 * The organisation admin commands, as the API calls them. Each method takes an already validated DTO
 * (validateDto at the HTTP boundary), the ids from the URL, and the caller's context; it gathers the
 * facts its decider needs from other streams (parent unit, department of a post, role …), then runs the
 * command pipeline (idempotent by ctx.commandId, retried on concurrency conflicts).
 *
 *   const org = new OrgCommands(new CommandHandler(store, { clock }));
 *   const r = await org.createUnit({ name: '区财政局', parentId: 'qzf' }, ctx);
 *   // r = { id, streamId, revision, position, duplicate, events: ['UnitCreated'] }
 *
 * ctx = { actorId, onBehalfOf?, unitId?, correlationId, commandId?, causationId?, clientIp? }
 * Errors: DomainError (kind → 400/403/404/409/422; `field` names the input), WrongExpectedRevision (409).
 *
 * Units:       createUnit(dto) · renameUnit(unitId, dto) · moveUnit(unitId, dto) · setUnitLeader(unitId, dto) · closeUnit(unitId, dto)
 * Departments: createDepartment(dto) · renameDepartment(id, dto) · moveDepartment(id, dto) · setDepartmentLeader(id, dto) · closeDepartment(id, dto)
 * Users:       hireUser(dto) · updateUserProfile(userId, dto) · transferUser(userId, dto) · addConcurrentPost(userId, dto)
 *              removeConcurrentPost(userId, departmentId) · deactivateUser(userId, dto) · reactivateUser(userId)
 *              grantRole(userId, dto) · revokeRole(userId, roleId)
 *              changePassword(userId, dto) (own, checks the old one) · resetPassword(userId, dto) (admin)
 *              recordLoginFailure(userId) · recordLoginSuccess(userId) · unlockUser(userId) · userState(userId)
 * Roles:       defineRole(dto) · renameRole(roleId, dto) · changeRolePermissions(roleId, dto) · retireRole(roleId)
 *
 * hireUser and username uniqueness: the username is first reserved on its own stream
 * `username-<name>` (see domain/org/username), then the user stream is written; when hiring fails after
 * the reservation, the reservation is released. A retried hire with the same command id finds both.
 */
export interface OrgCommandContext {
  actorId: string;
  onBehalfOf?: string | null;
  unitId?: string | null;
  correlationId: string;
  /** The Idempotency-Key. */
  commandId?: string | null;
  causationId?: string | null;
  clientIp?: string | null;
}

export interface OrgCommandResult {
  /** The aggregate's id (unit, department, user or role id). */
  id: string;
  streamId: string;
  /** The stream's revision after the command. */
  revision: number;
  position: number;
  duplicate: boolean;
  /** Types of the events the command recorded ([] when it changed nothing). */
  events: string[];
}

export interface OrgCommandsOptions {
  lookup?: OrgLookup;
  newId?: () => string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const MAX_DEPTH = 64;

function metadataOf(ctx: OrgCommandContext): CommandCallMetadata {
  return {
    actorId: ctx.actorId,
    onBehalfOf: ctx.onBehalfOf ?? null,
    unitId: ctx.unitId ?? null,
    correlationId: ctx.correlationId,
    causationId: ctx.causationId ?? null,
    clientIp: ctx.clientIp ?? null,
  };
}

function idFromStream(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(dash + 1);
}

function outcome<S>(r: HandleResult<S>): OrgCommandResult {
  return {
    id: idFromStream(r.streamId),
    streamId: r.streamId,
    revision: r.nextRevision,
    position: r.position,
    duplicate: r.duplicate,
    events: r.events.map((e) => e.type),
  };
}

function pathId(id: string, what: string): string {
  if (typeof id !== 'string' || !ORG_ID_PATTERN.test(id)) throw new DomainError('not_found', 'org.not_found', `${what}不存在`);
  return id;
}

export class OrgCommands {
  readonly lookup: OrgLookup;
  private readonly newId: () => string;

  constructor(
    readonly handler: CommandHandler,
    options: OrgCommandsOptions = {},
  ) {
    this.lookup = options.lookup ?? new StoreScanOrgLookup(handler.store, handler.upcasters);
    this.newId = options.newId ?? uuidv7;
  }

  private async run<C extends Command, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: DistributiveOmit<C, 'metadata'>,
    ctx: OrgCommandContext,
    commandId: string | null = ctx.commandId ?? null,
  ): Promise<HandleResult<S>> {
    return this.handler.handle({ streamId, decider, command, commandId, metadata: metadataOf(ctx) });
  }

  /** A result already recorded for this command id (retried request), or null. */
  private async previous(ctx: OrgCommandContext): Promise<OrgCommandResult | null> {
    if (!ctx.commandId) return null;
    const prior = await this.handler.previousResult(ctx.commandId);
    return prior ? outcome(prior) : null;
  }

  // ---- facts from other streams -------------------------------------------------------------

  private unit(unitId: string) {
    return this.handler.load(orgStreams.unit(unitId), unitDecider).then((r) => r.state);
  }

  private department(departmentId: string) {
    return this.handler.load(orgStreams.department(departmentId), departmentDecider).then((r) => r.state);
  }

  /** The current write-side state of a user (status 'none' when unknown). */
  async userState(userId: string): Promise<UserState> {
    if (!ORG_ID_PATTERN.test(userId)) return { status: 'none' };
    return (await this.handler.load(orgStreams.user(userId), userDecider)).state;
  }

  private async userActive(userId: string | null): Promise<boolean> {
    if (userId === null) return false;
    return (await this.userState(userId)).status === 'active';
  }

  /** Ids from `unitId` up to the root (unitId first). Stops at a missing unit or after MAX_DEPTH. */
  private async unitAncestry(unitId: string): Promise<{ ancestry: string[]; open: boolean }> {
    const first = await this.unit(unitId);
    const ancestry: string[] = [];
    let s = first;
    let id: string | null = unitId;
    while (id !== null && s.status !== 'none' && ancestry.length < MAX_DEPTH && !ancestry.includes(id)) {
      ancestry.push(id);
      id = s.parentId;
      if (id !== null) s = await this.unit(id);
    }
    return { ancestry, open: first.status === 'open' };
  }

  private async parentDepartmentFact(parentId: string): Promise<ParentDepartmentFact> {
    const parent = await this.department(parentId);
    if (parent.status === 'none') return { unitId: null, open: false, ancestry: [] };
    const ancestry: string[] = [];
    let s: DepartmentState = parent;
    let id: string | null = parentId;
    while (id !== null && s.status !== 'none' && ancestry.length < MAX_DEPTH && !ancestry.includes(id)) {
      ancestry.push(id);
      id = s.parentId;
      if (id !== null) s = await this.department(id);
    }
    return { unitId: parent.unitId, open: parent.status === 'open', ancestry };
  }

  private async post(dto: PostDto): Promise<{ post: Post; postUnitOfDepartment: string | null }> {
    const d = await this.department(dto.departmentId);
    return {
      post: { unitId: dto.unitId, departmentId: dto.departmentId, title: dto.title, rank: dto.rank },
      postUnitOfDepartment: d.status === 'open' ? d.unitId : null,
    };
  }

  private async roleStatus(roleId: string): Promise<RoleStatus> {
    if (isBuiltinRole(roleId)) return 'builtin';
    if (!ORG_ID_PATTERN.test(roleId)) return 'unknown';
    const s = (await this.handler.load(orgStreams.role(roleId), roleDecider)).state;
    return s.status === 'none' ? 'unknown' : s.status;
  }

  private static checkPassword(password: string, field: string): void {
    const problems = passwordProblems(password);
    if (problems.length) throw new DomainError('invalid', 'user.weak_password', problems.join('；'), field);
  }

  // ---- units (单位) ----------------------------------------------------------------------------

  async createUnit(dto: CreateUnitDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    const prior = await this.previous(ctx);
    if (prior) return prior;
    const unitId = dto.id ?? this.newId();
    const parentId = dto.parentId ?? null;
    const parentOpen = parentId !== null && (await this.unit(parentId)).status === 'open';
    return outcome(
      await this.run(
        orgStreams.unit(unitId),
        unitDecider,
        { type: 'CreateUnit', data: { unitId, name: dto.name, parentId, parentOpen } },
        ctx,
      ),
    );
  }

  async renameUnit(unitId: string, dto: RenameDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    return outcome(
      await this.run(orgStreams.unit(pathId(unitId, '单位')), unitDecider, { type: 'RenameUnit', data: { name: dto.name } }, ctx),
    );
  }

  async moveUnit(unitId: string, dto: MoveDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(unitId, '单位');
    const parent = dto.parentId === null ? { ancestry: [], open: false } : await this.unitAncestry(dto.parentId);
    return outcome(
      await this.run(
        orgStreams.unit(unitId),
        unitDecider,
        { type: 'MoveUnit', data: { newParentId: dto.parentId, newParentAncestry: parent.ancestry, newParentOpen: parent.open } },
        ctx,
      ),
    );
  }

  async setUnitLeader(unitId: string, dto: SetLeaderDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(unitId, '单位');
    const userActive = await this.userActive(dto.userId);
    return outcome(
      await this.run(orgStreams.unit(unitId), unitDecider, { type: 'AssignUnitLeader', data: { userId: dto.userId, userActive } }, ctx),
    );
  }

  async closeUnit(unitId: string, dto: CloseDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(unitId, '单位');
    const [openChildUnits, openDepartments] = await Promise.all([
      this.lookup.openChildUnits(unitId),
      this.lookup.openDepartmentsOfUnit(unitId),
    ]);
    return outcome(
      await this.run(
        orgStreams.unit(unitId),
        unitDecider,
        { type: 'CloseUnit', data: { reason: dto.reason ?? null, openChildUnits, openDepartments } },
        ctx,
      ),
    );
  }

  // ---- departments (部门) ----------------------------------------------------------------------

  async createDepartment(dto: CreateDepartmentDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    const prior = await this.previous(ctx);
    if (prior) return prior;
    const departmentId = dto.id ?? this.newId();
    const parentId = dto.parentId ?? null;
    const [unit, parent] = await Promise.all([this.unit(dto.unitId), parentId === null ? null : this.parentDepartmentFact(parentId)]);
    const command: DistributiveOmit<DepartmentCommand, 'metadata'> = {
      type: 'CreateDepartment',
      data: { departmentId, unitId: dto.unitId, unitOpen: unit.status === 'open', name: dto.name, parentId, parent },
    };
    return outcome(await this.run(orgStreams.department(departmentId), departmentDecider, command, ctx));
  }

  async renameDepartment(departmentId: string, dto: RenameDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(departmentId, '部门');
    return outcome(
      await this.run(orgStreams.department(departmentId), departmentDecider, { type: 'RenameDepartment', data: { name: dto.name } }, ctx),
    );
  }

  async moveDepartment(departmentId: string, dto: MoveDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(departmentId, '部门');
    const parent = dto.parentId === null ? null : await this.parentDepartmentFact(dto.parentId);
    return outcome(
      await this.run(
        orgStreams.department(departmentId),
        departmentDecider,
        { type: 'MoveDepartment', data: { newParentId: dto.parentId, parent } },
        ctx,
      ),
    );
  }

  async setDepartmentLeader(departmentId: string, dto: SetLeaderDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(departmentId, '部门');
    const userActive = await this.userActive(dto.userId);
    return outcome(
      await this.run(
        orgStreams.department(departmentId),
        departmentDecider,
        { type: 'AssignDepartmentLeader', data: { userId: dto.userId, userActive } },
        ctx,
      ),
    );
  }

  async closeDepartment(departmentId: string, dto: CloseDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(departmentId, '部门');
    const [openChildren, activeMembers] = await Promise.all([
      this.lookup.openChildDepartments(departmentId),
      this.lookup.activeMembers(departmentId),
    ]);
    return outcome(
      await this.run(
        orgStreams.department(departmentId),
        departmentDecider,
        { type: 'CloseDepartment', data: { reason: dto.reason ?? null, openChildren, activeMembers } },
        ctx,
      ),
    );
  }

  // ---- users (用户) ----------------------------------------------------------------------------

  async hireUser(dto: HireUserDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    const prior = await this.previous(ctx);
    if (prior) return prior;
    const username = dto.username;
    let userId = dto.id ?? this.newId();
    const { post, postUnitOfDepartment } = await this.post(dto.primaryPost);
    if (dto.password !== undefined) OrgCommands.checkPassword(dto.password, 'password');
    const hire = (id: string, passwordHash: string | null): DistributiveOmit<UserCommand, 'metadata'> => ({
      type: 'HireUser',
      data: {
        userId: id,
        username,
        name: dto.name,
        gender: dto.gender ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        primaryPost: post,
        postUnitOfDepartment,
        passwordHash,
      },
    });
    // Refuse bad input before reserving the name (decide is pure: a dry run on an empty user).
    userDecider.decide(
      { ...hire(userId, null), metadata: { now: this.handler.clock.now(), actorId: ctx.actorId } } as UserCommand,
      userDecider.initialState(),
    );
    const reserveCmd: DistributiveOmit<UsernameCommand, 'metadata'> = {
      type: 'ReserveUsername',
      data: { username, userId, commandId: ctx.commandId ?? null },
    };
    const reservation = await this.run(orgStreams.username(username), usernameDecider, reserveCmd, ctx, null);
    // A retried hire whose first attempt reserved the name under another generated id continues with that id.
    if (reservation.state.status === 'reserved') userId = reservation.state.userId;
    try {
      const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : null;
      return outcome(await this.run(orgStreams.user(userId), userDecider, hire(userId, passwordHash), ctx));
    } catch (err) {
      const release: DistributiveOmit<UsernameCommand, 'metadata'> = { type: 'ReleaseUsername', data: { username, userId } };
      await this.run(orgStreams.username(username), usernameDecider, release, ctx, null).catch(() => undefined);
      throw err;
    }
  }

  async updateUserProfile(userId: string, dto: UpdateUserProfileDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    const data: { name?: string; gender?: 'male' | 'female' | null; phone?: string | null; email?: string | null } = {};
    if (dto.name !== undefined) data.name = dto.name;
    if (dto.gender !== undefined) data.gender = dto.gender;
    if (dto.phone !== undefined) data.phone = dto.phone;
    if (dto.email !== undefined) data.email = dto.email;
    return outcome(await this.run(orgStreams.user(userId), userDecider, { type: 'UpdateUserProfile', data }, ctx));
  }

  async transferUser(userId: string, dto: TransferUserDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    const { post, postUnitOfDepartment } = await this.post(dto.post);
    return outcome(
      await this.run(orgStreams.user(userId), userDecider, { type: 'TransferUser', data: { post, postUnitOfDepartment } }, ctx),
    );
  }

  async addConcurrentPost(userId: string, dto: AddConcurrentPostDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    const { post, postUnitOfDepartment } = await this.post(dto.post);
    return outcome(
      await this.run(orgStreams.user(userId), userDecider, { type: 'AddConcurrentPost', data: { post, postUnitOfDepartment } }, ctx),
    );
  }

  async removeConcurrentPost(userId: string, departmentId: string, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    return outcome(await this.run(orgStreams.user(userId), userDecider, { type: 'RemoveConcurrentPost', data: { departmentId } }, ctx));
  }

  async deactivateUser(userId: string, dto: DeactivateUserDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    return outcome(
      await this.run(orgStreams.user(userId), userDecider, { type: 'DeactivateUser', data: { reason: dto.reason ?? null } }, ctx),
    );
  }

  async reactivateUser(userId: string, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    return outcome(await this.run(orgStreams.user(userId), userDecider, { type: 'ReactivateUser', data: {} }, ctx));
  }

  async grantRole(userId: string, dto: GrantRoleDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    const roleStatus = await this.roleStatus(dto.roleId);
    return outcome(
      await this.run(
        orgStreams.user(userId),
        userDecider,
        { type: 'GrantRole', data: { roleId: dto.roleId, scope: dto.scope, roleStatus } },
        ctx,
      ),
    );
  }

  async revokeRole(userId: string, roleId: string, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    return outcome(await this.run(orgStreams.user(userId), userDecider, { type: 'RevokeRole', data: { roleId } }, ctx));
  }

  /** The user changes their own password: the old one must match; the new one must be complex enough and different. */
  async changePassword(userId: string, dto: ChangePasswordDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    const prior = await this.previous(ctx);
    if (prior) return prior;
    const state = await this.userState(pathId(userId, '用户'));
    if (state.status === 'none') throw new DomainError('not_found', 'user.not_found', '用户不存在');
    if (!(await verifyPassword(dto.oldPassword, state.passwordHash))) {
      throw new DomainError('invalid', 'user.wrong_password', '原密码不正确', 'oldPassword');
    }
    OrgCommands.checkPassword(dto.newPassword, 'newPassword');
    if (dto.newPassword === dto.oldPassword)
      throw new DomainError('invalid', 'user.same_password', '新密码不能与原密码相同', 'newPassword');
    const passwordHash = await hashPassword(dto.newPassword);
    return outcome(
      await this.run(orgStreams.user(userId), userDecider, { type: 'ChangePassword', data: { passwordHash, byAdmin: false } }, ctx),
    );
  }

  /** An administrator sets a new password (the user must change it at next login). */
  async resetPassword(userId: string, dto: ResetPasswordDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    const prior = await this.previous(ctx);
    if (prior) return prior;
    pathId(userId, '用户');
    OrgCommands.checkPassword(dto.newPassword, 'newPassword');
    const passwordHash = await hashPassword(dto.newPassword);
    return outcome(
      await this.run(orgStreams.user(userId), userDecider, { type: 'ChangePassword', data: { passwordHash, byAdmin: true } }, ctx),
    );
  }

  /** A wrong password at login: counts, and locks the account at the 5th consecutive failure (UserLockedOut). */
  async recordLoginFailure(userId: string, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    return outcome(await this.run(orgStreams.user(userId), userDecider, { type: 'RecordLoginFailure', data: {} }, ctx));
  }

  /** A successful login (refused with 'user.locked' while locked, 'user.inactive' when deactivated). */
  async recordLoginSuccess(userId: string, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    return outcome(await this.run(orgStreams.user(userId), userDecider, { type: 'RecordLoginSuccess', data: {} }, ctx));
  }

  async unlockUser(userId: string, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    pathId(userId, '用户');
    return outcome(await this.run(orgStreams.user(userId), userDecider, { type: 'UnlockUser', data: {} }, ctx));
  }

  // ---- roles (自定义角色) -----------------------------------------------------------------------

  async defineRole(dto: DefineRoleDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    const prior = await this.previous(ctx);
    if (prior) return prior;
    const roleId = dto.id ?? this.newId();
    const command: DistributiveOmit<RoleCommand, 'metadata'> = {
      type: 'DefineRole',
      data: { roleId, name: dto.name, permissions: dto.permissions },
    };
    return outcome(await this.run(orgStreams.role(roleId), roleDecider, command, ctx));
  }

  async renameRole(roleId: string, dto: RenameDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    return outcome(
      await this.run(orgStreams.role(pathId(roleId, '角色')), roleDecider, { type: 'RenameRole', data: { name: dto.name } }, ctx),
    );
  }

  async changeRolePermissions(roleId: string, dto: ChangeRolePermissionsDto, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    return outcome(
      await this.run(
        orgStreams.role(pathId(roleId, '角色')),
        roleDecider,
        { type: 'ChangeRolePermissions', data: { permissions: dto.permissions } },
        ctx,
      ),
    );
  }

  async retireRole(roleId: string, ctx: OrgCommandContext): Promise<OrgCommandResult> {
    return outcome(await this.run(orgStreams.role(pathId(roleId, '角色')), roleDecider, { type: 'RetireRole', data: {} }, ctx));
  }
}
