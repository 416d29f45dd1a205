import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DATA_SCOPES, type DataScope } from '../../domain/org/permissions';
import { RANKS, type Rank } from '../../domain/org/rank';
import type { Gender } from '../../domain/org/user/user';

/**
 * Request bodies of the organisation admin commands (validated at the HTTP boundary with
 * `validateDto(Dto, body)` from commands/pipeline/validation). Ids in URLs (unitId, userId …) are
 * not in these bodies. Messages are shown to users: Chinese.
 *
 * DTOs: CreateUnitDto, RenameDto, MoveDto, SetLeaderDto, CloseDto, CreateDepartmentDto, PostDto,
 * HireUserDto, UpdateUserProfileDto, TransferUserDto, AddConcurrentPostDto, DeactivateUserDto,
 * GrantRoleDto, ChangePasswordDto, ResetPasswordDto, DefineRoleDto, ChangeRolePermissionsDto.
 */
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ID_MSG = { message: '标识只能包含小写字母、数字和连字符（最长 64 位）' };
const str = (label: string) => ({ message: `${label}必须是字符串` });
const notEmpty = (label: string) => ({ message: `${label}不能为空` });

export class CreateUnitDto {
  /** Optional caller-chosen id (the demo seed uses readable ids); a uuid v7 otherwise. */
  @IsOptional() @IsString(str('标识')) @Matches(ID, ID_MSG) id?: string;
  @IsString(str('单位名称')) @IsNotEmpty(notEmpty('单位名称')) @MaxLength(100, { message: '单位名称不能超过 100 个字符' }) name!: string;
  /** The parent unit (上级单位); absent or null for a root unit. */
  @IsOptional() @IsString(str('上级单位')) @Matches(ID, ID_MSG) parentId?: string | null;
}

export class RenameDto {
  @IsString(str('名称')) @IsNotEmpty(notEmpty('名称')) @MaxLength(100, { message: '名称不能超过 100 个字符' }) name!: string;
}

/** Move a unit or a department: `parentId` is required, null = to the top. */
export class MoveDto {
  @ValidateIf((o: MoveDto) => o.parentId !== null) @IsString({ message: '上级必须是字符串或 null' }) @Matches(ID, ID_MSG) parentId!:
    string | null;
}

/** 负责人: `userId` required, null = clear. */
export class SetLeaderDto {
  @ValidateIf((o: SetLeaderDto) => o.userId !== null) @IsString({ message: '负责人必须是字符串或 null' }) @Matches(ID, ID_MSG) userId!:
    string | null;
}

export class CloseDto {
  @IsOptional() @IsString(str('原因')) @MaxLength(500, { message: '原因不能超过 500 个字符' }) reason?: string;
}

export class CreateDepartmentDto {
  @IsOptional() @IsString(str('标识')) @Matches(ID, ID_MSG) id?: string;
  @IsString(str('所属单位')) @Matches(ID, ID_MSG) unitId!: string;
  @IsString(str('部门名称')) @IsNotEmpty(notEmpty('部门名称')) @MaxLength(100, { message: '部门名称不能超过 100 个字符' }) name!: string;
  /** 上级部门 (same unit); absent or null for a top-level department. */
  @IsOptional() @IsString(str('上级部门')) @Matches(ID, ID_MSG) parentId?: string | null;
}

/** 岗位: unit + department + 职务 + 职务级别. */
export class PostDto {
  @IsString(str('单位')) @Matches(ID, ID_MSG) unitId!: string;
  @IsString(str('部门')) @Matches(ID, ID_MSG) departmentId!: string;
  @IsString(str('职务')) @IsNotEmpty(notEmpty('职务')) @MaxLength(50, { message: '职务不能超过 50 个字符' }) title!: string;
  @IsIn(RANKS as unknown as string[], { message: `职务级别必须是以下之一：${RANKS.join('、')}` }) rank!: Rank;
}

const PHONE = /^(\+?\d[\d -]{5,19})$/;

export class HireUserDto {
  @IsOptional() @IsString(str('标识')) @Matches(ID, ID_MSG) id?: string;
  @IsString(str('用户名'))
  @Matches(/^[a-z][a-z0-9._-]{2,31}$/, { message: '用户名须以小写字母开头，由 3–32 位小写字母、数字、点、下划线或连字符组成' })
  username!: string;
  @IsString(str('姓名')) @IsNotEmpty(notEmpty('姓名')) @MaxLength(50, { message: '姓名不能超过 50 个字符' }) name!: string;
  @IsOptional() @IsIn(['male', 'female'], { message: '性别必须是 male 或 female' }) gender?: Gender | null;
  @IsOptional() @IsString(str('电话')) @Matches(PHONE, { message: '电话号码格式不正确' }) phone?: string | null;
  @IsOptional() @IsEmail({}, { message: '电子邮箱格式不正确' }) email?: string | null;
  @IsObject({ message: '主职岗位必须是对象' }) @ValidateNested() @Type(() => PostDto) primaryPost!: PostDto;
  /** Initial password (must be changed at first login); hashed with scrypt before it is recorded. */
  @IsOptional() @IsString(str('初始密码')) @Length(8, 128, { message: '初始密码长度应为 8–128 位' }) password?: string;
}

export class UpdateUserProfileDto {
  @IsOptional() @IsString(str('姓名')) @IsNotEmpty(notEmpty('姓名')) @MaxLength(50, { message: '姓名不能超过 50 个字符' }) name?: string;
  @IsOptional() @IsIn(['male', 'female'], { message: '性别必须是 male 或 female' }) gender?: Gender | null;
  @IsOptional() @IsString(str('电话')) @Matches(PHONE, { message: '电话号码格式不正确' }) phone?: string | null;
  @IsOptional() @IsEmail({}, { message: '电子邮箱格式不正确' }) email?: string | null;
}

export class TransferUserDto {
  @IsObject({ message: '岗位必须是对象' }) @ValidateNested() @Type(() => PostDto) post!: PostDto;
}

export class AddConcurrentPostDto {
  @IsObject({ message: '岗位必须是对象' }) @ValidateNested() @Type(() => PostDto) post!: PostDto;
}

export class DeactivateUserDto {
  @IsOptional() @IsString(str('原因')) @MaxLength(500, { message: '原因不能超过 500 个字符' }) reason?: string;
}

export class GrantRoleDto {
  @IsString(str('角色')) @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: '角色标识格式不正确' }) roleId!: string;
  @IsIn(DATA_SCOPES as unknown as string[], { message: `数据范围必须是以下之一：${DATA_SCOPES.join('、')}` }) scope!: DataScope;
}

export class ChangePasswordDto {
  @IsString(str('原密码')) @IsNotEmpty(notEmpty('原密码')) @MaxLength(128, { message: '原密码过长' }) oldPassword!: string;
  @IsString(str('新密码')) @Length(8, 128, { message: '新密码长度应为 8–128 位' }) newPassword!: string;
}

export class ResetPasswordDto {
  @IsString(str('新密码')) @Length(8, 128, { message: '新密码长度应为 8–128 位' }) newPassword!: string;
}

export class DefineRoleDto {
  @IsOptional() @IsString(str('标识')) @Matches(ID, ID_MSG) id?: string;
  @IsString(str('角色名称')) @IsNotEmpty(notEmpty('角色名称')) @MaxLength(50, { message: '角色名称不能超过 50 个字符' }) name!: string;
  @IsArray({ message: '权限必须是数组' })
  @ArrayMaxSize(100, { message: '权限不能超过 100 项' })
  @IsString({ each: true, message: '每项权限必须是字符串' })
  permissions!: string[];
}

export class ChangeRolePermissionsDto {
  @IsArray({ message: '权限必须是数组' })
  @ArrayMaxSize(100, { message: '权限不能超过 100 项' })
  @IsString({ each: true, message: '每项权限必须是字符串' })
  permissions!: string[];
}
