import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { PageQuery } from '../http/pagination';

/**
 * The workflow API's request shapes at the HTTP boundary (class-validator, whitelist +
 * forbidNonWhitelisted). The command DTOs of commands/workflow are used as they are where they fit
 * (StartProcessDto, PublishDefinitionDto, BatchApproveDto, CommonOpinionDto); the task-action bodies
 * here also accept the web app's spellings (`targetNodeId`, `userId`, a bare stroke array as the
 * signature) and are mapped onto those DTOs by the routes.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;
const NODE = /^[A-Za-z0-9_-]{1,64}$/;

export class InboxQuery extends PageQuery {
  /** 待办 todo · 待阅 toread · 已办 done · 我的流程 mine */
  @IsIn(['todo', 'toread', 'done', 'mine'], { message: 'box 须为 todo、toread、done 或 mine' }) box!: 'todo' | 'toread' | 'done' | 'mine';
  /** 流程类别（如 请休假）或流程标识 */
  @IsOptional() @IsString({ message: '流程类别必须是字符串' }) @MaxLength(64, { message: '流程类别不能超过 64 个字符' }) kind?: string;
  /** 标题关键字 */
  @IsOptional() @IsString({ message: '关键字必须是字符串' }) @MaxLength(50, { message: '关键字不能超过 50 个字符' }) q?: string;
}

export class NotificationsQuery extends PageQuery {}

/** 原笔迹签批: `[{ points: [[x, y, pressure, t], …] }, …]` or `{ strokes: [...] }`. */
@ValidatorConstraint({ name: 'signature' })
export class SignatureShape implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    const strokes = Array.isArray(v)
      ? v
      : v && typeof v === 'object' && Array.isArray((v as { strokes?: unknown }).strokes)
        ? (v as { strokes: unknown[] }).strokes
        : null;
    if (!strokes || strokes.length > 500) return false;
    let points = 0;
    for (const s of strokes) {
      const pts = s && typeof s === 'object' ? (s as { points?: unknown }).points : undefined;
      if (!Array.isArray(pts)) return false;
      for (const p of pts) {
        if (!Array.isArray(p) || p.length !== 4 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) return false;
        if (++points > 50_000) return false;
      }
    }
    return true;
  }
  defaultMessage(): string {
    return '手写签批须为笔画数组：[{ points: [[x, y, 压力, 时间], …] }]，最多 500 笔';
  }
}

/** The strokes of a validated signature, in the domain's shape. */
export function strokesOf(v: unknown): { strokes: { points: [number, number, number, number][] }[] } | undefined {
  if (v === undefined || v === null) return undefined;
  const strokes = (Array.isArray(v) ? v : (v as { strokes: unknown[] }).strokes) as { points: [number, number, number, number][] }[];
  return strokes.length ? { strokes: strokes.map((s) => ({ points: s.points })) } : undefined;
}

const opinionRules = () => [IsString({ message: '意见必须是字符串' }), MaxLength(2000, { message: '意见不能超过 2000 个字符' })];
function Opinion(): PropertyDecorator {
  return (target, key) => {
    for (const d of opinionRules()) d(target, key);
  };
}

export class ApproveBody {
  @IsOptional() @Opinion() opinion?: string;
  @IsOptional() @Validate(SignatureShape) signature?: unknown;
  /** 使用的常用意见（使用次数加一） */
  @IsOptional() @IsString() @Matches(ID, { message: '常用意见格式不正确' }) commonOpinionId?: string;
}

export class RejectBody {
  @IsString({ message: '意见必须是字符串' })
  @IsNotEmpty({ message: '不同意时请填写意见' })
  @MaxLength(2000, { message: '意见不能超过 2000 个字符' })
  opinion!: string;
  /** Accepted from the signing pad; only an approval records strokes. */
  @IsOptional() @Validate(SignatureShape) signature?: unknown;
}

export class ReturnBody {
  /** 退回到的节点：'drafter'（拟稿人，默认）或一个已办理的前序审批节点 */
  @IsOptional() @IsString() @Matches(NODE, { message: '退回节点格式不正确' }) toNodeId?: string;
  /** Same as toNodeId (the web app's name). */
  @IsOptional() @IsString() @Matches(NODE, { message: '退回节点格式不正确' }) targetNodeId?: string;
  @IsString({ message: '意见必须是字符串' })
  @IsNotEmpty({ message: '退回时请填写意见' })
  @MaxLength(2000, { message: '意见不能超过 2000 个字符' })
  opinion!: string;
  @IsOptional() @Validate(SignatureShape) signature?: unknown;
}

export class ForwardBody {
  @IsOptional() @IsString() @Matches(ID, { message: '转交对象格式不正确' }) toUserId?: string;
  /** Same as toUserId (the web app's name). */
  @IsOptional() @IsString() @Matches(ID, { message: '转交对象格式不正确' }) userId?: string;
  @IsOptional() @Opinion() opinion?: string;
}

export class AddSignerBody {
  @IsOptional()
  @IsArray({ message: '加签人必须是数组' })
  @ArrayMaxSize(20, { message: '加签人最多 20 名' })
  @Matches(ID, { each: true, message: '加签人格式不正确' })
  userIds?: string[];
  /** One signer (the web app's form). */
  @IsOptional() @IsString() @Matches(ID, { message: '加签人格式不正确' }) userId?: string;
  /** before = 前加签 (default: they sign first, then the task comes back to me) · after = 后加签 (I approve now, they sign after me) */
  @IsOptional() @IsIn(['before', 'after'], { message: '加签方式须为 before 或 after' }) position?: 'before' | 'after';
  @IsOptional() @Opinion() opinion?: string;
}

export class UrgeBody {
  @IsOptional() @IsString({ message: '催办内容必须是字符串' }) @MaxLength(200, { message: '催办内容不能超过 200 个字符' }) message?: string;
  /** The web app sends the text as `opinion`. */
  @IsOptional() @IsString({ message: '催办内容必须是字符串' }) @MaxLength(200, { message: '催办内容不能超过 200 个字符' }) opinion?: string;
}

export class ResubmitBody {
  @IsOptional() @IsObject({ message: '表单必须是对象' }) form?: Record<string, unknown>;
}

export class CancelBody {
  @IsOptional() @IsString() @MaxLength(500, { message: '原因不能超过 500 个字符' }) reason?: string;
}

/** 外出授权. `kinds` absent, null or [] = every process kind. */
export class DelegationBody {
  @IsString({ message: '被授权人必须是字符串' }) @Matches(ID, { message: '被授权人格式不正确' }) delegateId!: string;
  @IsISO8601({ strict: true }, { message: '开始时间须为 ISO-8601 时间' }) from!: string;
  @IsISO8601({ strict: true }, { message: '结束时间须为 ISO-8601 时间' }) to!: string;
  @IsOptional()
  @IsArray({ message: '流程类别必须是数组' })
  @ArrayMaxSize(50, { message: '流程类别过多' })
  @IsString({ each: true, message: '流程类别必须是字符串' })
  @MaxLength(64, { each: true, message: '流程类别过长' })
  kinds?: string[] | null;
  @IsOptional() @IsString() @MaxLength(200, { message: '事由不能超过 200 个字符' }) reason?: string;
}

const NON_BLANK = /\S/;

/** 改派 (流程管理员): the task goes to another handler; the reason is recorded in the 办文日志. */
export class ReassignBody {
  @IsString({ message: '改派对象必须是字符串' }) @Matches(ID, { message: '改派对象格式不正确' }) toUserId!: string;
  @IsString({ message: '改派原因必须是字符串' })
  @Matches(NON_BLANK, { message: '请填写改派原因' })
  @MaxLength(500, { message: '改派原因不能超过 500 个字符' })
  reason!: string;
}

/** 终止 (流程管理员): ends the instance; every open task is withdrawn from the inboxes. */
export class TerminateBody {
  @IsString({ message: '终止原因必须是字符串' })
  @Matches(NON_BLANK, { message: '请填写终止原因' })
  @MaxLength(500, { message: '终止原因不能超过 500 个字符' })
  reason!: string;
}
