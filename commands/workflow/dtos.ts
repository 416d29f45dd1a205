import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/**
 * Request bodies of the workflow commands (validated at the HTTP boundary with
 * `validateDto(Dto, body)` from commands/pipeline/validation). Task / instance ids come from the URL.
 * Deep checks (the form against the definition's fields, the definition graph, the signature points)
 * are the domain's: they come back as DomainError / DefinitionInvalid with a `field`.
 *
 * DTOs: PublishDefinitionDto, ReasonDto, StartProcessDto, SubjectDto, ApproveDto, SignatureDto,
 * StrokeDto, RejectDto, ReturnDto, WithdrawDto, ForwardDto, AddSignerDto, ResubmitDto, CancelDto,
 * UrgeDto, ReassignDto, TerminateDto, BatchApproveDto, DelegateDto, CommonOpinionDto.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const ID_MSG = (label: string) => ({ message: `${label}格式不正确` });
const str = (label: string) => ({ message: `${label}必须是字符串` });
const notEmpty = (label: string) => ({ message: `${label}不能为空` });
const max = (label: string, n: number) => ({ message: `${label}不能超过 ${n} 个字符` });

export class PublishDefinitionDto {
  /** The whole definition (key, name, kind, formFields, nodes, edges): validated by validateDefinition. */
  @IsObject({ message: '流程定义必须是对象' }) definition!: Record<string, unknown>;
}

export class ReasonDto {
  @IsString(str('原因')) @IsNotEmpty(notEmpty('原因')) @MaxLength(500, max('原因', 500)) reason!: string;
}

export class SubjectDto {
  @IsString(str('业务类型')) @IsNotEmpty(notEmpty('业务类型')) @MaxLength(64, max('业务类型', 64)) type!: string;
  @IsString(str('业务标识')) @Matches(ID, ID_MSG('业务标识')) id!: string;
}

export class StartProcessDto {
  @IsString(str('流程')) @Matches(/^[a-z][a-z0-9-]{1,63}$/, ID_MSG('流程标识')) definitionKey!: string;
  /** The form (表单): checked against the definition's fields by the domain. */
  @IsObject({ message: '表单必须是对象' }) form!: Record<string, unknown>;
  @IsOptional() @IsString(str('标题')) @MaxLength(200, max('标题', 200)) title?: string;
  @IsOptional() @IsObject({ message: '关联业务必须是对象' }) @ValidateNested() @Type(() => SubjectDto) subject?: SubjectDto;
}

/** One pen stroke: points [x, y, pressure, t]. */
export class StrokeDto {
  @IsArray({ message: '笔迹点必须是数组' })
  @ArrayMaxSize(20000, { message: '笔迹点过多' })
  @IsArray({ each: true, message: '笔迹点必须是 [x, y, 压力, 时间]' })
  points!: [number, number, number, number][];
}

/** 原笔迹签批 strokes. */
export class SignatureDto {
  @IsArray({ message: '笔画必须是数组' })
  @ArrayMaxSize(500, { message: '笔画过多' })
  @ValidateNested({ each: true })
  @Type(() => StrokeDto)
  strokes!: StrokeDto[];
}

export class ApproveDto {
  @IsOptional() @IsString(str('意见')) @MaxLength(2000, max('意见', 2000)) opinion?: string;
  @IsOptional() @IsObject({ message: '签批笔迹必须是对象' }) @ValidateNested() @Type(() => SignatureDto) signature?: SignatureDto;
  /** The 常用意见 used (its use count goes up). */
  @IsOptional() @IsString(str('常用意见')) @Matches(ID, ID_MSG('常用意见')) commonOpinionId?: string;
}

export class RejectDto {
  @IsString(str('意见')) @IsNotEmpty(notEmpty('驳回意见')) @MaxLength(2000, max('意见', 2000)) opinion!: string;
}

export class ReturnDto {
  /** An earlier node id, or 'drafter'. */
  @IsString(str('退回节点')) @Matches(/^[A-Za-z0-9_-]{1,64}$/, ID_MSG('退回节点')) toNodeId!: string;
  @IsString(str('意见')) @IsNotEmpty(notEmpty('退回意见')) @MaxLength(2000, max('意见', 2000)) opinion!: string;
}

export class WithdrawDto {
  /** For the drafter withdrawing the submission, omit; an approver may name the task they approved. */
  @IsOptional() @IsString(str('待办')) @Matches(ID, ID_MSG('待办')) taskId?: string;
}

export class ForwardDto {
  @IsString(str('转交对象')) @Matches(ID, ID_MSG('转交对象')) toUserId!: string;
  @IsOptional() @IsString(str('意见')) @MaxLength(2000, max('意见', 2000)) opinion?: string;
}

export class AddSignerDto {
  @IsArray({ message: '加签人必须是数组' })
  @ArrayMinSize(1, { message: '请选择加签人' })
  @ArrayMaxSize(20, { message: '加签人最多 20 名' })
  @IsString({ each: true, ...str('加签人') })
  @Matches(ID, { each: true, ...ID_MSG('加签人') })
  userIds!: string[];
  @IsIn(['before', 'after'], { message: '加签方式须为 before（前加签）或 after（后加签）' }) position!: 'before' | 'after';
  @IsOptional() @IsString(str('意见')) @MaxLength(2000, max('意见', 2000)) opinion?: string;
}

export class ResubmitDto {
  /** The corrected form; absent = unchanged. */
  @IsOptional() @IsObject({ message: '表单必须是对象' }) form?: Record<string, unknown>;
}

export class CancelDto {
  @IsOptional() @IsString(str('原因')) @MaxLength(500, max('原因', 500)) reason?: string;
}

export class UrgeDto {
  @IsOptional() @IsString(str('催办内容')) @MaxLength(200, max('催办内容', 200)) message?: string;
}

export class ReassignDto {
  @IsString(str('新办理人')) @Matches(ID, ID_MSG('新办理人')) toUserId!: string;
  @IsString(str('原因')) @IsNotEmpty(notEmpty('改派原因')) @MaxLength(500, max('原因', 500)) reason!: string;
}

export class TerminateDto {
  @IsString(str('原因')) @IsNotEmpty(notEmpty('终止原因')) @MaxLength(500, max('原因', 500)) reason!: string;
}

export class BatchApproveDto {
  @IsArray({ message: '待办必须是数组' })
  @ArrayMinSize(1, { message: '请选择待办' })
  @ArrayMaxSize(100, { message: '一次最多批量办理 100 件' })
  @IsString({ each: true, ...str('待办') })
  @Matches(ID, { each: true, ...ID_MSG('待办') })
  taskIds!: string[];
  @IsOptional() @IsString(str('意见')) @MaxLength(2000, max('意见', 2000)) opinion?: string;
}

export class DelegateDto {
  @IsString(str('被授权人')) @Matches(ID, ID_MSG('被授权人')) delegateId!: string;
  @IsISO8601({ strict: true }, { message: '开始时间须为 ISO-8601 时间' }) from!: string;
  @IsISO8601({ strict: true }, { message: '结束时间须为 ISO-8601 时间' }) to!: string;
  /** Process kinds; absent or null = all. */
  @IsOptional()
  @IsArray({ message: '流程类别必须是数组' })
  @ArrayMinSize(1, { message: '请选择流程类别' })
  @ArrayMaxSize(50, { message: '流程类别过多' })
  @IsString({ each: true, ...str('流程类别') })
  kinds?: string[] | null;
  @IsOptional() @IsString(str('事由')) @MaxLength(200, max('事由', 200)) reason?: string;
}

export class CommonOpinionDto {
  @IsString(str('意见')) @IsNotEmpty(notEmpty('意见')) @MaxLength(200, max('意见', 200)) text!: string;
}

/** For a scheduler's CheckDeadlines sweep over one instance (no body). */
export class EmptyDto {}
