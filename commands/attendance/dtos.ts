import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { TRANSPORTS } from '../../domain/attendance/application.decide';
import { LEAVE_TYPES } from '../../domain/attendance/rules';

/**
 * Request bodies of the attendance commands (validated at the HTTP boundary). The deep rules (dates in
 * order, days on the working calendar, balances) are the domain's: DomainError with a `field`.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayMsg = (label: string) => ({ message: `${label}格式应为 YYYY-MM-DD` });
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export class ApplyLeaveDto {
  @IsIn([...LEAVE_TYPES], { message: `假别应为${LEAVE_TYPES.join('、')}之一` }) leaveType!: string;
  @Matches(DAY, dayMsg('开始日期')) startDate!: string;
  @IsIn(['am', 'pm'], { message: '开始时段应为 am（上午）或 pm（下午）' }) startHalf!: 'am' | 'pm';
  @Matches(DAY, dayMsg('结束日期')) endDate!: string;
  @IsIn(['am', 'pm'], { message: '结束时段应为 am（中午）或 pm（下班）' }) endHalf!: 'am' | 'pm';
  @IsOptional() @IsString({ message: '事由必须是字符串' }) @MaxLength(500, { message: '事由不能超过 500 个字' }) reason?: string;
}

export class ApplyTripDto {
  @IsArray({ message: '目的地必须是列表' })
  @ArrayMinSize(1, { message: '请填写出差目的地' })
  @ArrayMaxSize(10, { message: '目的地不能超过 10 个' })
  @IsString({ each: true, message: '目的地必须是字符串' })
  @MinLength(1, { each: true, message: '目的地不能为空' })
  @MaxLength(50, { each: true, message: '目的地不能超过 50 个字' })
  destinations!: string[];
  @Matches(DAY, dayMsg('开始日期')) startDate!: string;
  @Matches(DAY, dayMsg('结束日期')) endDate!: string;
  @IsString({ message: '出差事由必须是字符串' })
  @MinLength(1, { message: '请填写出差事由' })
  @MaxLength(500, { message: '出差事由不能超过 500 个字' })
  purpose!: string;
  @IsIn([...TRANSPORTS], { message: `交通工具应为${TRANSPORTS.join('、')}之一` }) transport!: string;
  @IsOptional()
  @IsArray({ message: '同行人员必须是列表' })
  @ArrayMaxSize(30, { message: '同行人员不能超过 30 人' })
  @Matches(ID, { each: true, message: '同行人员格式不正确' })
  companions?: string[];
}

export class ApplyOvertimeDto {
  @Matches(DAY, dayMsg('加班日期')) date!: string;
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '加班时长必须是数字' })
  @Min(0.5, { message: '加班时长至少 0.5 小时' })
  @Max(24, { message: '加班时长不能超过 24 小时' })
  hours!: number;
  @IsString({ message: '加班事由必须是字符串' })
  @MinLength(1, { message: '请填写加班事由' })
  @MaxLength(500, { message: '加班事由不能超过 500 个字' })
  reason!: string;
}

export class ApplyCorrectionDto {
  @Matches(DAY, dayMsg('补签日期')) date!: string;
  @IsIn(['in', 'out'], { message: '补签类型应为 in（上班）或 out（下班）' }) direction!: 'in' | 'out';
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '补签时间格式应为 HH:MM' }) time!: string;
  @IsString({ message: '补签原因必须是字符串' })
  @MinLength(1, { message: '请填写补签原因' })
  @MaxLength(500, { message: '补签原因不能超过 500 个字' })
  reason!: string;
}

export class ReportBackDto {
  @Matches(DAY, dayMsg('实际结束日期')) actualEndDate!: string;
  @IsIn(['am', 'pm'], { message: '实际结束时段应为 am（中午）或 pm（下班）' }) actualEndHalf!: 'am' | 'pm';
}

export class EntitleDto {
  @Type(() => Number)
  @IsInt({ message: '年度必须是整数' })
  @Min(2000, { message: '年度无效' })
  @Max(2100, { message: '年度无效' })
  year!: number;
  @Matches(DAY, dayMsg('参加工作日期')) workStartDate!: string;
  @IsOptional() @Matches(DAY, dayMsg('入职本单位日期')) unitJoinDate?: string | null;
}

export class QuotaDto {
  @Type(() => Number)
  @IsInt({ message: '年度必须是整数' })
  @Min(2000, { message: '年度无效' })
  @Max(2100, { message: '年度无效' })
  year!: number;
  @IsIn(LEAVE_TYPES.filter((t) => t !== '年休假' && t !== '调休'), { message: '只能为年休假、调休以外的假别设置额度' }) leaveType!: string;
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '额度必须是数字' })
  @Min(0, { message: '额度不能为负' })
  @Max(365, { message: '额度不能超过 365 天' })
  days!: number;
}

export class CarryOverDto {
  @Type(() => Number)
  @IsInt({ message: '年度必须是整数' })
  @Min(2001, { message: '年度无效' })
  @Max(2100, { message: '年度无效' })
  year!: number;
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '结转上限必须是数字' })
  @Min(0, { message: '结转上限不能为负' })
  @Max(15, { message: '结转上限不能超过 15 天' })
  limit!: number;
  @Matches(DAY, dayMsg('结转有效期')) expiresOn!: string;
}
