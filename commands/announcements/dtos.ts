import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ANNOUNCEMENT_CATEGORIES } from '../../domain/announcements/announcement.events';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** 起草 / 修改: title, category, body (plain text with line breaks; images are attachments shown in it). */
export class AnnouncementContentDto {
  @IsString({ message: '标题必须是文本' }) @MaxLength(100, { message: '标题不能超过 100 个字' }) title!: string;
  @IsIn(ANNOUNCEMENT_CATEGORIES, { message: `类别须为：${ANNOUNCEMENT_CATEGORIES.join('、')}` }) category!: string;
  @IsString({ message: '正文必须是文本' }) @MaxLength(20000, { message: '正文不能超过 20000 个字' }) body!: string;
}

export class AudienceDto {
  @IsBoolean({ message: '全体人员须为是/否' }) everyone!: boolean;
  @IsArray() @ArrayMaxSize(200) @Matches(ID, { each: true, message: '单位标识不正确' }) unitIds!: string[];
  @IsArray() @ArrayMaxSize(500) @Matches(ID, { each: true, message: '部门标识不正确' }) departmentIds!: string[];
  @IsArray() @ArrayMaxSize(5000) @Matches(ID, { each: true, message: '人员标识不正确' }) userIds!: string[];
}

/** 发布: audience, display window (UTC ISO; from defaults to now, to empty = until withdrawn), pinning. */
export class PublishAnnouncementDto {
  @IsObject({ message: '请选择发布范围' }) @ValidateNested() @Type(() => AudienceDto) audience!: AudienceDto;
  @IsOptional() @IsISO8601({ strict: true }, { message: '展示开始时间须为 ISO-8601 时间' }) displayFrom?: string;
  @IsOptional() @IsISO8601({ strict: true }, { message: '展示截止时间须为 ISO-8601 时间' }) displayTo?: string;
  @IsOptional() @IsBoolean({ message: '置顶须为是/否' }) pinned?: boolean;
}

export class PinAnnouncementDto {
  @IsBoolean({ message: '置顶须为是/否' }) pinned!: boolean;
}

export class WithdrawAnnouncementDto {
  @IsString({ message: '撤回原因必须是文本' }) @MaxLength(500, { message: '撤回原因不能超过 500 个字' }) reason!: string;
}
