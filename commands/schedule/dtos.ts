import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RepeatDto } from '../meetings/dtos';

/** Request bodies of 日程. Shape only — the rules are the domain's (field-addressed DomainErrors). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export class ShareDto {
  @Matches(ID) userId!: string;
  @IsIn(['busy', 'full']) level!: 'busy' | 'full';
}

export class EntryDto {
  @IsOptional() @IsIn(['event', 'task', 'plan']) kind?: 'event' | 'task' | 'plan';
  @IsString() @MaxLength(100) title!: string;
  @IsOptional() @IsString() @MaxLength(100) location?: string;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
  @IsISO8601({ strict: true }, { message: '开始时间须为 ISO-8601' }) start!: string;
  @IsISO8601({ strict: true }, { message: '结束时间须为 ISO-8601' }) end!: string;
  @IsOptional() @IsBoolean() allDay?: boolean;
  @IsOptional() @ValidateNested() @Type(() => RepeatDto) repeat?: RepeatDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(10080, { each: true })
  remindMinutes?: number[];
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ShareDto) sharedWith?: ShareDto[];
  @IsOptional() @IsBoolean() private?: boolean;
  /** 领导日程: show in the published leaders' week. */
  @IsOptional() @IsBoolean() published?: boolean;
}

export class SharingDto {
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ShareDto) shares!: ShareDto[];
}

export class SecretaryDto {
  @Matches(ID) secretaryId!: string;
}
