import type { ErrorRequestHandler, Request, Response } from 'express';
import { DomainError, type DomainErrorKind } from '../../domain/shared/errors';
import { WrongExpectedRevision } from '../../domain/eventstore/port';

/**
 * RFC 7807 problem details (application/problem+json). Every error leaving the API goes through
 * `problemFrom`, so that bad input is never a 500: validation → 400 with field errors, domain rules
 * → their kind's status, concurrency → 409.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

/** An error the HTTP layer raises itself (auth, not found, locked, rate limit …). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly extra: { code?: string; errors?: FieldError[]; headers?: Record<string, string> } & Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

const TITLES: Record<number, string> = {
  400: '请求参数不合法',
  401: '未登录或登录已失效',
  403: '没有权限',
  404: '未找到',
  409: '数据已被他人修改，请刷新后重试',
  413: '请求体过大',
  415: '不支持的内容类型',
  422: '业务规则不允许',
  423: '账户已锁定',
  429: '请求过于频繁',
  500: '服务器内部错误',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

export const badRequest = (detail: string, errors?: FieldError[]) => new HttpProblem(400, TITLES[400], detail, { errors });
export const unauthorized = (detail = '请先登录') => new HttpProblem(401, TITLES[401], detail);
export const forbidden = (detail = '您没有执行此操作的权限') => new HttpProblem(403, TITLES[403], detail);
export const notFound = (detail = '请求的资源不存在') => new HttpProblem(404, TITLES[404], detail);

const KIND_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
};

/** Duck-typed: the pipeline's ValidationFailed (H5) carries `errors: {field, message}[]`. */
function isValidationFailed(e: unknown): e is Error & { errors: FieldError[] } {
  return (
    e instanceof Error &&
    (e.name === 'ValidationFailed' || e.constructor?.name === 'ValidationFailed') &&
    Array.isArray((e as { errors?: unknown }).errors)
  );
}

export function problemFrom(err: unknown): { body: ProblemBody; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const mk = (status: number, detail?: string, extra: Record<string, unknown> = {}): ProblemBody => ({
    type: status === 500 ? 'about:blank' : `https://oa.example.gov.cn/problems/${status}`,
    title: titleFor(status),
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  });
  if (err instanceof HttpProblem) {
    const { headers: h, ...extra } = err.extra;
    Object.assign(headers, h ?? {});
    const body = mk(err.status, err.message, stripUndefined(extra));
    body.title = err.title;
    return { body, headers };
  }
  if (isValidationFailed(err)) {
    // ours carry {field, message}; the pipeline's carry {field, messages[]}
    const errors = (err.errors as Array<{ field: unknown; message?: unknown; messages?: unknown[] }>).flatMap((e) =>
      Array.isArray(e.messages)
        ? e.messages.map((m) => ({ field: String(e.field), message: String(m) }))
        : [{ field: String(e.field), message: String(e.message) }],
    );
    return { body: mk(400, err.message || '请求参数不合法', { errors }), headers };
  }
  if (err instanceof DomainError || (err instanceof Error && err.name === 'DomainError' && 'kind' in err)) {
    const de = err as DomainError;
    const status = KIND_STATUS[de.kind] ?? 422;
    const extra: Record<string, unknown> = { code: de.code };
    if (de.field) extra.errors = [{ field: de.field, message: de.message }];
    return { body: mk(status, de.message, extra), headers };
  }
  if (err instanceof WrongExpectedRevision || (err instanceof Error && err.name === 'WrongExpectedRevision')) {
    return { body: mk(409, '数据已被他人修改，请刷新后重试', { code: 'concurrency' }), headers };
  }
  // body-parser errors (malformed JSON, too large, bad charset) carry `status`/`type`.
  const e = err as { status?: number; statusCode?: number; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const detail =
      e.type === 'entity.parse.failed'
        ? '请求体不是合法的 JSON'
        : e.type === 'entity.too.large'
          ? '请求体超过 1 MB 限制'
          : (e.message ?? titleFor(status));
    return { body: mk(status, detail), headers };
  }
  return { body: mk(500, '服务器内部错误，请稍后重试'), headers };
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function sendProblem(req: Request, res: Response, err: unknown): void {
  const { body, headers } = problemFrom(err);
  body.instance = req.originalUrl.split('?')[0];
  const requestId = res.getHeader('X-Request-Id');
  if (typeof requestId === 'string') body.requestId = requestId;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** The app's last middleware. 5xx are logged with the stack; 4xx are normal traffic. */
export function errorHandler(log: { error: (o: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    const { body } = problemFrom(err);
    if (body.status >= 500) log.error({ err, reqId: res.getHeader('X-Request-Id') }, 'unhandled error');
    sendProblem(req, res, err);
  };
}
