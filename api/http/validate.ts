import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FieldError } from './problem';

/** Raised for a body/query that fails its DTO. Same shape as the command pipeline's ValidationFailed. */
export class ValidationFailed extends Error {
  override readonly name = 'ValidationFailed';
  constructor(readonly errors: FieldError[]) {
    super(`请求参数不合法：${errors.map((e) => e.field).join(', ')}`);
  }
}

type Ctor<T> = new (...args: never[]) => T;

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      for (const [name, message] of Object.entries(e.constraints)) {
        out.push({ field, message: name === 'whitelistValidation' ? `不允许的字段 ${e.property}` : message });
      }
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** class-validator at the HTTP boundary: whitelist + forbidNonWhitelisted, nested, no unknown values. */
export async function validateInput<T extends object>(cls: Ctor<T>, input: unknown, where: 'body' | 'query'): Promise<T> {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationFailed([{ field: where, message: where === 'body' ? '请求体必须是 JSON 对象' : '查询参数不合法' }]);
  }
  const instance = plainToInstance(cls as unknown as new () => T, input as object, { exposeDefaultValues: true }) as T;
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length) throw new ValidationFailed(flatten(errors));
  return instance;
}
