import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { DATA_SCOPES } from '../../domain/org/permissions';

/** 通讯录名片: empty string clears a field; absent leaves it. Formats are checked by the domain (field-addressed). */
export class ContactCardDto {
  @IsOptional() @IsString({ message: '办公电话必须是文本' }) @MaxLength(30, { message: '办公电话不能超过 30 个字符' }) officePhone?: string;
  @IsOptional() @IsString({ message: '手机号码必须是文本' }) @MaxLength(11, { message: '手机号码须为 11 位' }) mobile?: string;
  @IsOptional() @IsString({ message: '电子邮箱必须是文本' }) @MaxLength(100, { message: '电子邮箱不能超过 100 个字符' }) email?: string;
  @IsOptional() @IsString({ message: '办公室必须是文本' }) @MaxLength(40, { message: '办公室不能超过 40 个字' }) room?: string;
}

export class MobilePolicyDto {
  @IsIn(DATA_SCOPES, { message: '可见范围须为 self / department / department_tree / unit / all' }) defaultScope!: string;
  @IsObject({ message: '按角色的可见范围须为对象' }) roleScopes!: Record<string, string>;
}

export class PersonalContactDto {
  @IsString({ message: '姓名必须是文本' }) @MaxLength(30, { message: '姓名不能超过 30 个字' }) name!: string;
  @IsOptional() @IsString() @MaxLength(60, { message: '单位不能超过 60 个字' }) organisation?: string;
  @IsOptional() @IsString() @MaxLength(30, { message: '职务不能超过 30 个字' }) title?: string;
  @IsOptional() @IsString() @MaxLength(11, { message: '手机号码须为 11 位' }) mobile?: string;
  @IsOptional() @IsString() @MaxLength(30, { message: '电话不能超过 30 个字符' }) phone?: string;
  @IsOptional() @IsString() @MaxLength(100, { message: '电子邮箱不能超过 100 个字符' }) email?: string;
  @IsOptional() @IsString() @MaxLength(200, { message: '备注不能超过 200 个字' }) note?: string;
}
