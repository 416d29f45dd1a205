import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DISPOSAL_METHODS, type DisposalMethod } from '../../domain/assets';

/** 资产 DTOs (validated at the boundary; the deciders check the rules again). Money in fen (integers). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const m = (message: string) => ({ message });
const MAX_FEN = 10_000_000_000_000;

export class CustodyDto {
  @IsString() @Matches(ID, m('单位标识无效')) unitId!: string;
  @IsOptional() @IsString() @Matches(ID, m('部门标识无效')) departmentId?: string | null;
  @IsOptional() @IsString() @Matches(ID, m('保管人标识无效')) custodianId?: string | null;
}

export class AssetCardDto {
  @IsString() @Matches(/^[A-Z][0-9]{2,10}$/, m('分类代码无效')) categoryCode!: string;
  @IsString() @MinLength(1, m('请填写资产名称')) @MaxLength(100, m('资产名称不能超过 100 字')) name!: string;
  @IsOptional() @IsString() @MaxLength(100, m('规格型号不能超过 100 字')) specification?: string;
  @IsOptional() @IsString() @MaxLength(100, m('序列号不能超过 100 字')) serialNumber?: string;
  @Type(() => Number) @IsInt(m('数量须为整数')) @Min(1, m('数量至少为 1')) @Max(100000) quantity!: number;
  @IsString() @MinLength(1, m('请填写计量单位')) @MaxLength(10) measureUnit!: string;
  /** 原值（分） */
  @Type(() => Number) @IsInt(m('原值须为整数（分）')) @Min(1, m('原值须大于 0')) @Max(MAX_FEN) originalValue!: number;
  @IsString() @Matches(DATE, m('取得日期须为 YYYY-MM-DD')) acquisitionDate!: string;
  @IsString() @MinLength(1, m('请填写经费来源')) @MaxLength(50) fundingSource!: string;
  @IsOptional() @IsString() @MaxLength(100) supplier?: string;
  @IsOptional() @IsString() @Matches(/^(\d{4}-\d{2}-\d{2})?$/, m('保修截止日期须为 YYYY-MM-DD')) warrantyEnd?: string;
  @IsOptional() @IsString() @MaxLength(100) location?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @MaxLength(200, { each: true }) photos?: string[];
  @IsOptional() @IsString() @Matches(ID, m('部门标识无效')) departmentId?: string | null;
  @IsOptional() @IsString() @Matches(ID, m('保管人标识无效')) custodianId?: string | null;
}

export class RegisterAssetDto extends AssetCardDto {}

export class IssueDto {
  @IsString() @Matches(ID, m('部门标识无效')) departmentId!: string;
  @IsString() @Matches(ID, m('保管人标识无效')) custodianId!: string;
}

export class LendDto {
  @IsString() @Matches(ID, m('借用人标识无效')) borrowerId!: string;
  @IsString() @Matches(DATE, m('归还日期须为 YYYY-MM-DD')) dueDate!: string;
}

export class RepairDto {
  @IsString() @MinLength(1, m('请描述故障')) @MaxLength(1000) fault!: string;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) photos?: string[];
}

export class CompleteRepairDto {
  @IsString() @MinLength(1, m('请填写维修单位')) @MaxLength(100) vendor!: string;
  @Type(() => Number) @IsInt(m('维修费用须为整数（分）')) @Min(0) @Max(MAX_FEN) cost!: number;
  @IsIn(['repaired', 'unrepairable'], m('维修结果须为 repaired 或 unrepairable')) outcome!: 'repaired' | 'unrepairable';
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class ChangeCategoryDto {
  @IsString() @Matches(/^[A-Z][0-9]{2,10}$/, m('分类代码无效')) categoryCode!: string;
  @IsString() @Matches(DATE, m('生效日期须为 YYYY-MM-DD')) effectiveDate!: string;
  @IsOptional() @IsString() @MaxLength(200) reason?: string;
}

export class TransferDto {
  @IsString() @Matches(ID, m('接收单位无效')) toUnitId!: string;
  @IsString() @Matches(ID, m('接收部门无效')) toDepartmentId!: string;
  @IsOptional() @IsString() @Matches(ID, m('接收保管人无效')) toCustodianId?: string | null;
  @IsString() @MinLength(1, m('请填写转移原因')) @MaxLength(500) reason!: string;
}

export class TransferStepDto {
  @IsString() @Matches(ID, m('转移标识无效')) transferId!: string;
}

export class DisposalDto {
  @IsIn(DISPOSAL_METHODS as unknown as string[], m(`处置方式须为：${DISPOSAL_METHODS.join('、')}`)) method!: DisposalMethod;
  @IsString() @MinLength(1, m('请填写处置原因')) @MaxLength(500) reason!: string;
}

export class CompleteDisposalDto {
  @IsString() @Matches(ID, m('处置标识无效')) disposalId!: string;
  @Type(() => Number) @IsInt(m('处置收入须为整数（分）')) @Min(0) @Max(MAX_FEN) proceeds!: number;
  @IsOptional() @IsString() @MaxLength(60) approvalRef?: string;
  @IsOptional() @IsString() @Matches(DATE, m('处置日期须为 YYYY-MM-DD')) date?: string;
}

export class CategoryDto {
  @IsString() @Matches(/^[A-Z][0-9]{2,10}$/, m('分类代码须为一位大写字母加数字')) code!: string;
  @IsString() @MinLength(1) @MaxLength(60) name!: string;
  @Type(() => Number) @IsInt() @Min(0) @Max(1200) usefulLifeMonths!: number;
}

export class PurchaseItemDto {
  @IsString() @MinLength(1, m('请填写名称')) @MaxLength(100) name!: string;
  @IsString() @Matches(/^[A-Z][0-9]{2,10}$/, m('分类代码无效')) categoryCode!: string;
  @IsOptional() @IsString() @MaxLength(100) specification?: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) quantity!: number;
  @IsString() @MinLength(1) @MaxLength(10) measureUnit!: string;
  @Type(() => Number) @IsInt(m('预估单价须为整数（分）')) @Min(1) @Max(MAX_FEN) estimatedUnitPrice!: number;
}

export class PurchaseDto {
  @IsString() @MinLength(1, m('请填写采购事由')) @MaxLength(200) title!: string;
  @IsString() @MinLength(1, m('请填写预算项目')) @MaxLength(100) budgetLine!: string;
  @IsString() @MinLength(1, m('请填写经费来源')) @MaxLength(50) fundingSource!: string;
  @IsArray()
  @ArrayMinSize(1, m('请填写采购明细'))
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PurchaseItemDto)
  items!: PurchaseItemDto[];
}

export class ReceivedItemDto {
  @Type(() => Number) @IsInt() @Min(0) item!: number;
  @Type(() => Number) @IsInt(m('实际单价须为整数（分）')) @Min(1) @Max(MAX_FEN) unitPrice!: number;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) serialNumbers?: string[];
  @IsOptional() @IsString() @MaxLength(100) location?: string;
}

export class ReceivePurchaseDto {
  @IsString() @MinLength(1, m('请填写供应商')) @MaxLength(100) supplier!: string;
  @IsString() @Matches(DATE, m('验收日期须为 YYYY-MM-DD')) acquisitionDate!: string;
  @IsOptional() @IsString() @Matches(/^(\d{4}-\d{2}-\d{2})?$/) warrantyEnd?: string;
  @IsOptional() @IsString() @Matches(ID) custodianId?: string | null;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ReceivedItemDto) items!: ReceivedItemDto[];
}

export class StockTakeDto {
  @IsString() @MinLength(1, m('请填写盘点名称')) @MaxLength(100) title!: string;
  @IsOptional() @IsString() @Matches(ID) departmentId?: string | null;
  @IsOptional() @IsString() @MaxLength(100) location?: string | null;
  @IsString() @Matches(DATE, m('开始日期须为 YYYY-MM-DD')) startDate!: string;
  @IsString() @Matches(DATE, m('结束日期须为 YYYY-MM-DD')) endDate!: string;
  @IsArray()
  @ArrayMinSize(1, m('请指定盘点人'))
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ID, { each: true })
  checkerIds!: string[];
}

export class CountDto {
  /** The scanned QR content (the asset page URL), an 资产编号, or a description of an unlabelled item (盘盈). */
  @IsString() @MinLength(1, m('请扫描或输入资产编号')) @MaxLength(300) code!: string;
  @IsOptional() @IsString() @MaxLength(100) location?: string;
  @IsOptional() @IsString() @Matches(ID) custodianId?: string | null;
  @IsOptional() @IsIn(['scan', 'search', 'manual']) method?: 'scan' | 'search' | 'manual';
}

export class ResolveDto {
  @IsString() @MinLength(1) @MaxLength(200) key!: string;
  @IsIn(['adjust', 'write_off', 'found', 'register_surplus'], m('处理方式无效')) action!:
    'adjust' | 'write_off' | 'found' | 'register_surplus';
  @IsOptional() @IsString() @MaxLength(500) note?: string;
  @IsOptional() @ValidateNested() @Type(() => AssetCardDto) surplus?: AssetCardDto;
}

export class BoolDto {
  @IsOptional() @IsBoolean() flag?: boolean;
}
