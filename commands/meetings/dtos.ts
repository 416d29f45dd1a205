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

/**
 * Request bodies of 会议 (会议室, 预约, 会议通知, 回执, 材料, 签到). Shape only — the rules are the
 * domain's and come back as field-addressed DomainErrors.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const m = (message: string) => ({ message });

export class RoomDto {
  @IsString() @MaxLength(60) name!: string;
  @Type(() => Number) @IsInt(m('容纳人数须为整数')) @Min(1) @Max(5000) capacity!: number;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(30, { each: true }) equipment?: string[];
  @IsOptional() @IsString() @MaxLength(100) location?: string;
  @IsOptional() @IsString() @MaxLength(300) photo?: string;
  @IsOptional() @IsIn(['unit', 'all']) bookableBy?: 'unit' | 'all';
  @IsOptional() @IsBoolean() needsApproval?: boolean;
  @IsOptional() @Matches(HHMM, m('开放时间须为 HH:MM')) opensAt?: string;
  @IsOptional() @Matches(HHMM, m('关闭时间须为 HH:MM')) closesAt?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(ID, { each: true }) adminIds?: string[];
  /** 所属单位 (default: the caller's). */
  @IsOptional() @Matches(ID) unitId?: string;
}

export class RepeatDto {
  @IsIn(['daily', 'weekly', 'monthly']) freq!: 'daily' | 'weekly' | 'monthly';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(12) interval?: number;
  @IsOptional() @IsArray() @ArrayMaxSize(7) @IsInt({ each: true }) weekdays?: number[];
  @IsOptional() @Matches(DATE, m('结束日期须为 YYYY-MM-DD')) until?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(366) count?: number;
  @IsOptional() @IsArray() @ArrayMaxSize(366) @Matches(DATE, { each: true, message: '例外日期须为 YYYY-MM-DD' }) exceptions?: string[];
}

export class BookRoomDto {
  @Matches(ID) roomId!: string;
  @IsISO8601({ strict: true }, m('开始时间须为 ISO-8601')) start!: string;
  @IsISO8601({ strict: true }, m('结束时间须为 ISO-8601')) end!: string;
  @IsString() @MaxLength(100) title!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(500) @Matches(ID, { each: true }) attendeeIds?: string[];
  /** 周期预约 */
  @IsOptional() @ValidateNested() @Type(() => RepeatDto) repeat?: RepeatDto;
}

export class RescheduleDto {
  @IsISO8601({ strict: true }, m('开始时间须为 ISO-8601')) start!: string;
  @IsISO8601({ strict: true }, m('结束时间须为 ISO-8601')) end!: string;
}

export class ReasonDto {
  @IsOptional() @IsString() @MaxLength(200) reason?: string;
}

export class AttendeeDto {
  @IsString() @MaxLength(30) name!: string;
  @IsOptional() @IsString() @MaxLength(60) unitName?: string;
  @IsOptional() @IsString() @MaxLength(40) position?: string;
  @IsOptional() @IsString() @MaxLength(20) phone?: string;
}

export class MeetingDto {
  @IsString() @MaxLength(100) title!: string;
  @IsOptional() @IsString() @MaxLength(5000) agenda?: string;
  @IsISO8601({ strict: true }) start!: string;
  @IsISO8601({ strict: true }) end!: string;
  /** A room to book for the meeting (booked with the notice), or a place outside. */
  @IsOptional() @Matches(ID) roomId?: string;
  /** An existing booking of the caller's to hold the meeting in. */
  @IsOptional() @Matches(ID) bookingId?: string;
  @IsOptional() @IsString() @MaxLength(100) location?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(200) @Matches(ID, { each: true }) unitIds?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(500) @Matches(ID, { each: true }) personIds?: string[];
  @IsISO8601({ strict: true }) replyDeadline!: string;
  /** 自动催报: minutes before the deadline (default 120; 0 = none). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10080) remindBeforeMinutes?: number;
}

export class ReplyDto {
  @Matches(ID) unitId!: string;
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => AttendeeDto) attendees!: AttendeeDto[];
}

export class AnswerDto {
  @IsIn(['accept', 'decline']) answer!: 'accept' | 'decline';
  @IsOptional() @ValidateNested() @Type(() => AttendeeDto) standIn?: AttendeeDto;
}

export class MaterialRequestDto {
  @IsString() @MaxLength(100) title!: string;
  @IsISO8601({ strict: true }) deadline!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(200) @Matches(ID, { each: true }) unitIds?: string[];
}

export class CheckInDto {
  @Matches(/^\d{6}$/, m('签到码须为 6 位数字')) code!: string;
  @IsOptional() @IsIn(['code', 'qr']) method?: 'code' | 'qr';
}

export class ManualCheckInDto {
  @Matches(ID) userId!: string;
}
