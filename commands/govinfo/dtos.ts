import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ADOPTION_LEVELS } from '../../domain/govinfo/report';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class SubmitGovInfoDto {
  @IsString({ message: '标题必须是文本' }) @MaxLength(80, { message: '标题不能超过 80 个字' }) title!: string;
  @IsString({ message: '正文必须是文本' }) @MaxLength(20000, { message: '正文不能超过 20000 个字' }) body!: string;
  /** 报送对象 (the receiving office's unit); taken from the call when answering one. */
  @IsOptional() @Matches(ID, { message: '报送对象不正确' }) receiverUnitId?: string;
  @IsOptional() @Matches(ID, { message: '约稿标识不正确' }) callId?: string;
}

export class EditGovInfoDto {
  @IsString({ message: '标题必须是文本' }) @MaxLength(80, { message: '标题不能超过 80 个字' }) title!: string;
  @IsString({ message: '正文必须是文本' }) @MaxLength(20000, { message: '正文不能超过 20000 个字' }) body!: string;
}

export class AdoptGovInfoDto {
  @IsIn(ADOPTION_LEVELS, { message: '采用级别须为 district（区级采用）、city（市级采用）或 endorsed（领导批示）' })
  level!: (typeof ADOPTION_LEVELS)[number];
  @IsOptional() @IsString() @MaxLength(500, { message: '说明不能超过 500 个字' }) note?: string;
}

export class RejectGovInfoDto {
  @IsString({ message: '原因必须是文本' }) @MaxLength(500, { message: '原因不能超过 500 个字' }) reason!: string;
}

export class GovInfoCallDto {
  @IsString({ message: '主题必须是文本' }) @MaxLength(80, { message: '约稿主题不能超过 80 个字' }) topic!: string;
  @IsOptional() @IsString() @MaxLength(2000, { message: '说明不能超过 2000 个字' }) description?: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '截止日期须为 YYYY-MM-DD' }) deadline!: string;
}

export class GovInfoRulesDto {
  @IsInt({ message: '积分须为整数' }) @Min(0) @Max(100) submitted!: number;
  @IsInt({ message: '积分须为整数' }) @Min(0) @Max(100) adoptedDistrict!: number;
  @IsInt({ message: '积分须为整数' }) @Min(0) @Max(100) adoptedCity!: number;
  @IsInt({ message: '积分须为整数' }) @Min(0) @Max(100) endorsed!: number;
}
