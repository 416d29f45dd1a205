import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CLAIM_KINDS, PAYMENT_METHODS, type ClaimKind, type PaymentMethod } from '../../domain/expenses/claim.events';

/**
 * Request bodies of the 费用 commands (validated at the HTTP boundary: whitelist, forbidNonWhitelisted).
 * Shape only — the rules (caps, reasons, budget) are the domain's and come back as field-addressed
 * DomainErrors. Money is integer fen.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const m = (message: string) => ({ message });

export class ClaimLineDto {
  @Matches(DATE, m('日期格式应为 YYYY-MM-DD')) date!: string;
  @IsString(m('请填写费用项目')) @MaxLength(50, m('费用项目不超过 50 字')) item!: string;
  @IsInt(m('金额须为整数（分）')) @Min(1, m('金额须大于 0')) @Max(1_000_000_000, m('金额过大')) amount!: number;
  @IsOptional() @IsString() @MaxLength(50, m('发票号不超过 50 位')) invoiceNo?: string;
  /** 住宿费: city and nights */
  @IsOptional() @IsString() @MaxLength(30, m('城市不超过 30 字')) city?: string;
  @IsOptional() @IsInt(m('住宿晚数须为整数')) @Min(1) @Max(366) nights?: number;
  /** 超标准说明 */
  @IsOptional() @IsString() @MaxLength(500, m('说明不超过 500 字')) reason?: string;
}

export class ClaimBodyDto {
  @IsString(m('请填写事由')) @MaxLength(100, m('事由不超过 100 字')) title!: string;
  @IsArray(m('明细须为列表'))
  @ArrayMaxSize(200, m('明细不超过 200 条'))
  @ValidateNested({ each: true })
  @Type(() => ClaimLineDto)
  lines!: ClaimLineDto[];
  @IsString(m('请填写收款人')) @MaxLength(50) payee!: string;
  @IsString(m('请填写收款账号')) @MaxLength(40) account!: string;
}

export class DraftClaimDto extends ClaimBodyDto {
  @IsIn(CLAIM_KINDS as unknown as string[], m('报销类别不正确')) kind!: ClaimKind;
  /** 差旅费: the approved trip (国内出差) it starts from. */
  @IsOptional() @IsString() @Matches(ID, m('出差标识不正确')) tripId?: string;
}

export class ReviseClaimDto extends ClaimBodyDto {}

export class WithdrawClaimDto {
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class PayClaimDto {
  @Matches(DATE, m('支付日期格式应为 YYYY-MM-DD')) paidOn!: string;
  @IsIn(PAYMENT_METHODS as unknown as string[], m('支付方式不正确')) method!: PaymentMethod;
  @IsString(m('请填写凭证号')) @MaxLength(50, m('凭证号不超过 50 位')) voucherNo!: string;
}

export class ReversePaymentDto {
  @IsString(m('请填写冲销原因')) @MaxLength(500, m('原因不超过 500 字')) reason!: string;
}

export class SetBudgetLineDto {
  @IsString() @Matches(ID, m('单位标识不正确')) unitId!: string;
  @IsString() @Matches(ID, m('部门标识不正确')) departmentId!: string;
  @IsInt(m('年度须为整数')) @Min(2000) @Max(2100) year!: number;
  @IsIn(CLAIM_KINDS as unknown as string[], m('预算类别不正确')) category!: ClaimKind;
  @IsInt(m('额度须为整数（分）')) @Min(0, m('额度不能为负')) @Max(10_000_000_000_000) amount!: number;
  @IsOptional() @IsBoolean() allowOverspend?: boolean;
}

export class LodgingCapDto {
  @IsString() @MaxLength(20) province!: string;
  @IsString() @MaxLength(30) city!: string;
  @IsInt() @Min(0) minister!: number;
  @IsInt() @Min(0) bureau!: number;
  @IsInt() @Min(0) other!: number;
}

export class PublishRateTableDto {
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, m('标准表编号须为 2–64 位小写字母、数字或连字符')) tableId!: string;
  @IsString() @MaxLength(200) name!: string;
  @Matches(DATE, m('生效日期格式应为 YYYY-MM-DD')) effectiveFrom!: string;
  @IsString() @MaxLength(500) source!: string;
  @IsInt() @Min(0) mealPerDay!: number;
  @IsInt() @Min(0) highMealPerDay!: number;
  @IsInt() @Min(0) localTransportPerDay!: number;
  @IsArray() @ArrayMaxSize(2000) @ValidateNested({ each: true }) @Type(() => LodgingCapDto) lodging!: LodgingCapDto[];
}
