import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RETENTIONS, type Retention } from '../../domain/documents/archive';
import {
  CLASSIFICATIONS,
  DOCUMENT_KINDS,
  INCOMING_CATEGORIES,
  URGENCIES,
  type Classification,
  type DocumentKind,
  type IncomingCategory,
  type Urgency,
} from '../../domain/documents/elements';
import { SignatureDto } from '../workflow/dtos';

/**
 * Request bodies of the 公文 commands (validated at the HTTP boundary: whitelist, forbidNonWhitelisted).
 * Shape only — the rules (clearance, 请示 one 主送, 保密期限 …) are the domain's and come back as
 * field-addressed DomainErrors.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const m = (message: string) => ({ message });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class IssuerDto {
  @IsOptional() @IsString(m('单位标识必须是字符串')) @Matches(ID, m('单位标识格式不正确')) unitId?: string | null;
  @IsString(m('发文机关必须是字符串')) @IsNotEmpty(m('发文机关不能为空')) @MaxLength(100, m('发文机关不能超过 100 个字')) name!: string;
}

export class AttachmentDto {
  @IsString(m('附件名称必须是字符串')) @IsNotEmpty(m('附件名称不能为空')) @MaxLength(200, m('附件名称过长')) name!: string;
  @IsString() @Matches(/^[0-9a-f]{64}$/, m('附件摘要须为 64 位小写十六进制 SHA-256')) sha256!: string;
  @IsInt(m('附件大小须为整数')) @Min(0, m('附件大小不能为负')) size!: number;
}

const organs = (label: string) => [
  IsArray(m(`${label}必须是数组`)),
  ArrayMaxSize(100, m(`${label}过多`)),
  IsString({ each: true, message: `${label}必须是字符串` }),
  MaxLength(100, { each: true, message: `${label}不能超过 100 个字` }),
];
function Organs(label: string): PropertyDecorator {
  return (target, key) => organs(label).forEach((d) => d(target, key));
}

/** The GB/T 9704 elements a drafter may set (all optional here: edits send only what changes). */
export class ElementsPatchDto {
  @IsOptional() @IsIn(DOCUMENT_KINDS, m('文种须为 15 种法定公文之一')) kind?: DocumentKind;
  @IsOptional() @IsString(m('标题必须是字符串')) @IsNotEmpty(m('标题不能为空')) @MaxLength(200, m('标题不能超过 200 个字')) title?: string;
  @IsOptional() @IsIn(CLASSIFICATIONS, m('密级须为 公开、内部、秘密、机密、绝密 之一')) classification?: Classification;
  @IsOptional() @IsString(m('保密期限必须是字符串')) @MaxLength(20, m('保密期限过长')) secrecyPeriod?: string | null;
  @IsOptional() @IsIn(URGENCIES, m('紧急程度须为 特急、加急 或 平件')) urgency?: Urgency;
  @IsOptional()
  @IsArray(m('发文机关必须是数组'))
  @ArrayMinSize(1, m('须至少有一个发文机关'))
  @ArrayMaxSize(10, m('联合发文机关过多'))
  @ValidateNested({ each: true })
  @Type(() => IssuerDto)
  issuers?: IssuerDto[];
  @IsOptional() @IsString(m('机关代字必须是字符串')) @MaxLength(20, m('机关代字过长')) numberCode?: string;
  @IsOptional() @Organs('主送机关') mainRecipients?: string[];
  @IsOptional() @Organs('抄送机关') copyTo?: string[];
  @IsOptional()
  @IsArray(m('附件必须是数组'))
  @ArrayMaxSize(50, m('附件过多'))
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
  @IsOptional() @Organs('发文机关署名') signatureNames?: string[];
  @IsOptional() @IsString(m('附注必须是字符串')) @MaxLength(500, m('附注不能超过 500 个字')) note?: string | null;
  @IsOptional() @IsString(m('印发机关必须是字符串')) @MaxLength(100, m('印发机关过长')) printingOrgan?: string | null;
}

/** 拟稿: the elements that must be there from the start are required; the rest default. */
export class DraftOutgoingDto {
  @IsIn(DOCUMENT_KINDS, m('文种须为 15 种法定公文之一')) kind!: DocumentKind;
  @IsString(m('标题必须是字符串')) @IsNotEmpty(m('标题不能为空')) @MaxLength(200, m('标题不能超过 200 个字')) title!: string;
  @IsIn(CLASSIFICATIONS, m('密级须为 公开、内部、秘密、机密、绝密 之一')) classification!: Classification;
  @IsOptional() @IsString(m('保密期限必须是字符串')) @MaxLength(20, m('保密期限过长')) secrecyPeriod?: string | null;
  @IsOptional() @IsIn(URGENCIES, m('紧急程度须为 特急、加急 或 平件')) urgency?: Urgency;
  /** Default: the drafter's unit. */
  @IsOptional()
  @IsArray(m('发文机关必须是数组'))
  @ArrayMinSize(1, m('须至少有一个发文机关'))
  @ArrayMaxSize(10, m('联合发文机关过多'))
  @ValidateNested({ each: true })
  @Type(() => IssuerDto)
  issuers?: IssuerDto[];
  @IsString(m('机关代字必须是字符串')) @IsNotEmpty(m('机关代字不能为空')) @MaxLength(20, m('机关代字过长')) numberCode!: string;
  @IsOptional() @Organs('主送机关') mainRecipients?: string[];
  @IsOptional() @Organs('抄送机关') copyTo?: string[];
  @IsOptional()
  @IsArray(m('附件必须是数组'))
  @ArrayMaxSize(50, m('附件过多'))
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
  /** Default: the issuers' names. */
  @IsOptional() @Organs('发文机关署名') signatureNames?: string[];
  @IsOptional() @IsString(m('附注必须是字符串')) @MaxLength(500, m('附注不能超过 500 个字')) note?: string | null;
  @IsOptional() @IsString(m('印发机关必须是字符串')) @MaxLength(100, m('印发机关过长')) printingOrgan?: string | null;
  @IsString(m('正文必须是字符串')) @MaxLength(200_000, m('正文过长')) body!: string;
}

export class EditOutgoingDto extends ElementsPatchDto {
  @IsOptional() @IsString(m('正文必须是字符串')) @MaxLength(200_000, m('正文过长')) body?: string;
}

export class SubmitOutgoingDto {
  /** 会签部门 (their leaders countersign). */
  @IsOptional()
  @IsArray(m('会签部门必须是数组'))
  @ArrayMaxSize(20, m('会签部门过多'))
  @Matches(ID, { each: true, message: '会签部门标识格式不正确' })
  countersignDepartmentIds?: string[];
  /** 签发人 (default: the unit's leader). */
  @IsOptional() @IsString() @Matches(ID, m('签发人标识格式不正确')) signerId?: string;
}

export class DocumentOpinionDto {
  @IsOptional() @IsString(m('意见必须是字符串')) @MaxLength(2000, m('意见不能超过 2000 个字')) opinion?: string;
  @IsOptional() @ValidateNested() @Type(() => SignatureDto) signature?: SignatureDto;
}

export class ReturnToDrafterDto {
  @IsString(m('退回意见必须是字符串')) @IsNotEmpty(m('退回意见不能为空')) @MaxLength(2000, m('意见不能超过 2000 个字')) opinion!: string;
}

export class RenderDto {
  @IsOptional() @IsString() @Matches(ID, m('模板标识格式不正确')) templateId?: string;
  /** 版记的印发机关; default: the elements' 印发机关, else the drafting unit's office. */
  @IsOptional() @IsString(m('印发机关必须是字符串')) @MaxLength(100, m('印发机关过长')) printingOrgan?: string;
  /** 版记的印发日期 (YYYY-MM-DD); default: the 套红 day in Asia/Shanghai. */
  @IsOptional() @IsString(m('印发日期必须是字符串')) @Matches(/^\d{4}-\d{2}-\d{2}$/, m('印发日期格式应为 YYYY-MM-DD')) printedDate?: string;
}

export class DistributeDto {
  @IsArray(m('分发单位必须是数组'))
  @ArrayMinSize(1, m('请选择分发单位'))
  @ArrayMaxSize(200, m('分发单位过多'))
  @Matches(ID, { each: true, message: '单位标识格式不正确' })
  unitIds!: string[];
}

export class ReasonDto {
  @IsString(m('理由必须是字符串')) @IsNotEmpty(m('退回须说明理由')) @MaxLength(500, m('理由不能超过 500 个字')) reason!: string;
}

export class RegisterIncomingDto {
  @IsOptional() @IsIn(INCOMING_CATEGORIES, m('收文类别须为 normal、fax 或 supervision')) category?: IncomingCategory;
  @IsOptional() @Matches(DATE, m('办理时限须为 YYYY-MM-DD')) supervisionDeadline?: string;
  @IsOptional() @IsString() @MaxLength(500, m('备注不能超过 500 个字')) remarks?: string;
}

export class RegisterPaperDto {
  @IsIn(INCOMING_CATEGORIES, m('收文类别须为 normal、fax 或 supervision')) category!: IncomingCategory;
  @IsString(m('来文单位必须是字符串')) @IsNotEmpty(m('来文单位不能为空')) @MaxLength(100, m('来文单位过长')) sourceOrgan!: string;
  @IsOptional() @IsString() @MaxLength(60, m('来文字号过长')) docNumber?: string;
  @IsString(m('标题必须是字符串')) @IsNotEmpty(m('标题不能为空')) @MaxLength(200, m('标题不能超过 200 个字')) title!: string;
  @IsOptional() @IsIn(DOCUMENT_KINDS, m('文种须为 15 种法定公文之一')) kind?: DocumentKind;
  @IsIn(CLASSIFICATIONS, m('密级须为 公开、内部、秘密、机密、绝密 之一')) classification!: Classification;
  @IsOptional() @IsString() @MaxLength(20) secrecyPeriod?: string;
  @IsOptional() @IsIn(URGENCIES, m('紧急程度须为 特急、加急 或 平件')) urgency?: Urgency;
  @IsOptional() @IsInt(m('份数须为整数')) @Min(1, m('份数至少为 1')) @Max(10000) copies?: number;
  @IsOptional() @IsInt(m('页数须为整数')) @Min(1, m('页数至少为 1')) @Max(100000) pages?: number;
  /** When the paper arrived (back-dated registration). */
  @IsISO8601({ strict: true }, m('收文时间须为 ISO-8601 时间')) receivedAt!: string;
  @IsOptional() @Matches(DATE, m('办理时限须为 YYYY-MM-DD')) supervisionDeadline?: string;
  @IsOptional() @IsString() @MaxLength(500) remarks?: string;
  @IsOptional() @IsString() @MaxLength(200_000, m('正文过长')) body?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AttachmentDto) attachments?: AttachmentDto[];
}

export class ProposeDto {
  @IsString(m('拟办意见必须是字符串')) @IsNotEmpty(m('请填写拟办意见')) @MaxLength(2000) opinion!: string;
  /** The leaders asked to instruct (批示). */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(ID, { each: true, message: '领导标识格式不正确' }) leaderIds?: string[];
}

export class InstructDto {
  @IsOptional() @IsString(m('批示意见必须是字符串')) @MaxLength(2000) instruction?: string;
  /** 原笔迹 strokes. */
  @IsOptional() @ValidateNested() @Type(() => SignatureDto) signature?: SignatureDto;
}

export class AssignDto {
  @IsString() @Matches(ID, m('主办部门标识格式不正确')) leadDepartmentId!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(ID, { each: true, message: '协办部门标识格式不正确' }) coDepartmentIds?: string[];
  @IsOptional() @Matches(DATE, m('办理期限须为 YYYY-MM-DD')) deadline?: string;
}

export class CirculateDto {
  @IsArray(m('传阅人必须是数组'))
  @ArrayMinSize(1, m('请选择传阅人'))
  @ArrayMaxSize(200, m('传阅人过多'))
  @Matches(ID, { each: true, message: '传阅人标识格式不正确' })
  readerIds!: string[];
}

export class CompleteDto {
  @IsOptional() @IsString() @MaxLength(2000) summary?: string;
}

export class ArchiveDto {
  @IsString() @Matches(/^[A-Za-z0-9]{1,12}$/, m('全宗号须为 1–12 位字母或数字')) fondsCode!: string;
  @IsIn(RETENTIONS, m('保管期限须为 永久、30年 或 10年')) retention!: Retention;
  @IsString() @Matches(/^[A-Za-z0-9]{1,12}$/, m('机构（问题）代码须为 1–12 位字母或数字')) orgCode!: string;
  /** 年度 (default: the year of the 成文日期 / 收文日期). */
  @IsOptional() @IsInt(m('年度须为整数')) @Min(1949) @Max(2999) year?: number;
  @IsOptional() @IsString() @MaxLength(500) remarks?: string;
}
