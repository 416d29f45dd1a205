import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CYCLE_KINDS, PRIORITIES, SOURCE_KINDS, type CycleKind, type Priority, type SourceKind } from '../../domain/supervision';

/**
 * Request bodies of the 督办 commands (validated at the HTTP boundary: whitelist, forbidNonWhitelisted).
 * Shape only — the rules (deadline not past, lead not among the co-units, …) are the domain's and come
 * back as field-addressed DomainErrors.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const m = (message: string) => ({ message });

export class SupervisionAttachmentDto {
  @IsString(m('附件名称必须是字符串')) @IsNotEmpty(m('附件名称不能为空')) @MaxLength(200, m('附件名称过长')) name!: string;
  @IsString() @Matches(/^[0-9a-f]{64}$/, m('附件摘要须为 64 位小写十六进制 SHA-256')) sha256!: string;
  @IsInt(m('附件大小须为整数')) @Min(0, m('附件大小不能为负')) size!: number;
}

export class DocumentRefDto {
  @IsString() @IsNotEmpty(m('文件名称不能为空')) @MaxLength(200, m('文件名称过长')) name!: string;
  @IsOptional() @IsString() @MaxLength(128) ref?: string;
}

export class ReportCycleDto {
  /** once 一次性 / weekly 每周 / monthly 每月 / dates 按日期 */
  @IsIn(CYCLE_KINDS, m('反馈周期须为 once、weekly、monthly 或 dates')) kind!: CycleKind;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(DATE, { each: true, message: '反馈日期须为 YYYY-MM-DD' }) dates?: string[];
}

export class ProposeItemDto {
  @IsString(m('标题必须是字符串')) @IsNotEmpty(m('请填写督办事项标题')) @MaxLength(200, m('标题不能超过 200 个字')) title!: string;
  @IsString() @IsNotEmpty(m('请填写督办要求')) @MaxLength(5000, m('督办要求不能超过 5000 个字')) requirements!: string;
  /** instruction 领导批示 / higher 上级督办 / meeting 会议决定 / incoming 收文 */
  @IsIn(SOURCE_KINDS, m('督办来源不正确')) sourceKind!: SourceKind;
  @IsOptional() @IsString() @MaxLength(2000) sourceNote?: string;
  /** When started from a 收文: its id. */
  @IsOptional() @IsString() @Matches(ID, m('收文标识格式不正确')) incomingId?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => DocumentRefDto) documents?: DocumentRefDto[];
  /** 督办领导 (receives 通报). */
  @IsString() @Matches(ID, m('督办领导标识格式不正确')) leaderId!: string;
  @IsString() @Matches(ID, m('主办单位标识格式不正确')) leadUnitId!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(30) @Matches(ID, { each: true, message: '协办单位标识格式不正确' }) coUnitIds?: string[];
  @Matches(DATE, m('办理时限须为 YYYY-MM-DD')) deadline!: string;
  @ValidateNested() @Type(() => ReportCycleDto) cycle!: ReportCycleDto;
  @IsIn(PRIORITIES, m('优先级须为 normal、important 或 urgent')) priority!: Priority;
  @IsOptional() @IsInt() @Min(0) @Max(30) remindDays?: number;
  @IsOptional() @IsInt() @Min(1) @Max(60) escalateDays?: number;
}

export class PartDto {
  /** The undertaking unit acting (default: the caller's unit). */
  @IsOptional() @IsString() @Matches(ID, m('单位标识格式不正确')) unitId?: string;
}

export class ReturnPartDto extends PartDto {
  @IsString() @IsNotEmpty(m('请填写退回理由')) @MaxLength(1000) reason!: string;
}

export class ReassignPartDto {
  @IsString() @Matches(ID, m('单位标识格式不正确')) fromUnitId!: string;
  @IsString() @Matches(ID, m('单位标识格式不正确')) unitId!: string;
}

export class HandOverDto extends PartDto {
  /** department 转办部门 / person 转办个人 / task 转为内部任务 */
  @IsIn(['department', 'person', 'task'], m('转办方式须为 department、person 或 task')) kind!: 'department' | 'person' | 'task';
  /** The department or person id (for a task: ignored). */
  @IsOptional() @IsString() @Matches(ID, m('转办对象标识格式不正确')) targetId?: string;
  @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class ReportDto extends PartDto {
  @IsString() @IsNotEmpty(m('请填写反馈内容')) @MaxLength(5000) content!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SupervisionAttachmentDto)
  attachments?: SupervisionAttachmentDto[];
  /** A co-unit's report that its part is done (协办完成). */
  @IsOptional() @IsBoolean() final?: boolean;
}

export class FinalReportDto {
  @IsString() @IsNotEmpty(m('请填写办结报告')) @MaxLength(10000) content!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SupervisionAttachmentDto)
  attachments?: SupervisionAttachmentDto[];
}

export class ReviewDto {
  @IsBoolean(m('请选择审核结果')) accept!: boolean;
  @IsOptional() @IsString() @MaxLength(2000) opinion?: string;
}

export class UrgeDto {
  @IsOptional() @IsArray() @ArrayMaxSize(30) @Matches(ID, { each: true, message: '单位标识格式不正确' }) unitIds?: string[];
  @IsString() @IsNotEmpty(m('请填写催办内容')) @MaxLength(500) message!: string;
}

export class ExtensionDto {
  @Matches(DATE, m('新的办理时限须为 YYYY-MM-DD')) newDeadline!: string;
  @IsString() @IsNotEmpty(m('请填写延期理由')) @MaxLength(1000) reason!: string;
}
