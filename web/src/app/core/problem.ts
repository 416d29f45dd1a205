/**
 * RFC 7807 problem details → a message a person can read (Chinese). Pure: no Angular imports, so
 * it is unit tested without a TestBed.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  title: string;
  detail: string;
  code?: string;
  errors: FieldError[];
}

/** Minimal structural view of Angular's HttpErrorResponse (status + parsed body). */
export interface ErrorLike {
  status?: number;
  error?: unknown;
  message?: string;
}

const FALLBACK: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试',
  400: '请求参数不合法',
  401: '登录已失效，请重新登录',
  403: '您没有执行此操作的权限',
  404: '请求的资源不存在',
  409: '数据已被他人修改，请刷新后重试',
  422: '业务规则不允许此操作',
  423: '账户已锁定，请稍后再试',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误，请稍后重试',
  502: '服务暂不可用，请稍后重试',
  503: '服务暂不可用，请稍后重试',
};

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x.trim() !== '' ? x : undefined;
}

export function toProblem(err: unknown): Problem {
  const e = (err ?? {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : 0;
  let body: unknown = e.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      /* plain text body */
    }
  }
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: FieldError[] = Array.isArray(b['errors'])
    ? (b['errors'] as unknown[])
        .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
        .map((x) => ({ field: String(x['field'] ?? ''), message: String(x['message'] ?? '') }))
    : [];
  const fallback = FALLBACK[status] ?? (status >= 500 ? FALLBACK[500] : `请求失败（${status}）`);
  const detail =
    str(b['detail']) ??
    str(b['title']) ??
    (typeof body === 'string' && status < 500 && !body.startsWith('<') ? str(body) : undefined) ??
    fallback;
  return {
    status,
    title: str(b['title']) ?? fallback,
    detail,
    code: str(b['code']),
    errors,
  };
}

/** The one line to show in the error banner: the detail plus any field errors. */
export function problemMessage(err: unknown): string {
  const p = toProblem(err);
  const fields = p.errors.filter((f) => f.message && !p.detail.includes(f.message)).map((f) => f.message);
  return fields.length ? `${p.detail}：${fields.join('；')}` : p.detail;
}

/** A missing endpoint (module not built yet): pages show an empty state instead of an error. */
export function isNotBuilt(err: unknown): boolean {
  const s = (err as ErrorLike)?.status;
  return s === 404 || s === 501;
}
