import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  ABROAD_ENTRIES,
  DESTINATION_TYPES,
  DOCUMENT_TYPES,
  type AbroadEntry,
  type DestinationType,
  type DocumentType,
} from '../../domain/abroad';

/**
 * Request bodies of the 出国境 commands. Shapes and lengths here; the rules (date order, the 证件
 * covering the trip, who may act) are the domain's, answered as DomainError with the field.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMsg = (label: string) => ({ message: `${label}须为日期（YYYY-MM-DD）` });
const str = (label: string) => ({ message: `${label}必须是字符串` });
const max = (label: string, n: number) => ({ message: `${label}不能超过 ${n} 个字` });
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export class TravelDocumentDto {
  @IsIn(DOCUMENT_TYPES, { message: `证件类型须为 ${DOCUMENT_TYPES.join('、')} 之一` }) type!: DocumentType;
  @IsString(str('证件号码')) @Matches(/^[A-Z0-9]{6,20}$/, { message: '证件号码须为 6–20 位大写字母或数字' }) number!: string;
  @IsString(str('证件有效期')) @Matches(DATE, dateMsg('证件有效期')) validUntil!: string;
}

export class ItineraryStopDto {
  @IsString(str('国家/地区')) @MinLength(1, { message: '请填写国家/地区' }) @MaxLength(50, max('国家/地区', 50)) region!: string;
  @IsString(str('抵达日期')) @Matches(DATE, dateMsg('抵达日期')) arriveDate!: string;
  @IsString(str('离开日期')) @Matches(DATE, dateMsg('离开日期')) leaveDate!: string;
}

export class SubmitAbroadDto {
  @IsIn(ABROAD_ENTRIES, { message: `申请类别须为 ${ABROAD_ENTRIES.join('、')} 之一` }) entry!: AbroadEntry;
  @IsString(str('申请事由')) @MinLength(2, { message: '申请事由不能少于 2 个字' }) @MaxLength(500, max('申请事由', 500)) reason!: string;
  @ValidateNested() @Type(() => TravelDocumentDto) document!: TravelDocumentDto;
  @IsArray({ message: '出访行程必须是数组' })
  @ArrayMinSize(1, { message: '请填写出访行程' })
  @ArrayMaxSize(20, { message: '出访行程最多 20 站' })
  @ValidateNested({ each: true })
  @Type(() => ItineraryStopDto)
  itinerary!: ItineraryStopDto[];
  @IsIn(DESTINATION_TYPES, { message: `目的地类别须为 ${DESTINATION_TYPES.join('、')} 之一` }) destinationType!: DestinationType;
  @IsOptional() @IsString(str('出访任务')) @MaxLength(1000, max('出访任务', 1000)) task?: string;
  @IsString(str('出境时间')) @Matches(DATE, dateMsg('出境时间')) departDate!: string;
  @IsString(str('入境时间')) @Matches(DATE, dateMsg('入境时间')) returnDate!: string;
  @IsOptional()
  @IsArray({ message: '团组成员必须是数组' })
  @ArrayMaxSize(50, { message: '团组成员最多 50 人' })
  @IsString({ each: true, message: '团组成员须为姓名' })
  @MaxLength(20, { each: true, message: '成员姓名不能超过 20 个字' })
  members?: string[];
}

export class RegisterPassportDto {
  @IsString(str('持证人')) @Matches(ID, { message: '持证人格式不正确' }) holderId!: string;
  @IsIn(DOCUMENT_TYPES, { message: `证件类型须为 ${DOCUMENT_TYPES.join('、')} 之一` }) docType!: DocumentType;
  @IsString(str('证件号码')) @Matches(/^[A-Z0-9]{6,20}$/, { message: '证件号码须为 6–20 位大写字母或数字' }) number!: string;
  @IsString(str('证件有效期')) @Matches(DATE, dateMsg('证件有效期')) validUntil!: string;
}

export class CheckOutPassportDto {
  @IsString(str('申请')) @Matches(ID, { message: '申请标识格式不正确' }) applicationId!: string;
}
