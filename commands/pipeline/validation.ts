import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { type ValidationError, validate } from 'class-validator';

/**
 * DTO validation at the command boundary (class-transformer + class-validator, `whitelist`,
 * `forbidNonWhitelisted`, nested objects and arrays).
 *
 * Public API
 *   const dto = await validateDto(CreateUnitDto, req.body);    // the class instance, or throws:
 *   ValidationFailed { errors: [{ field: 'primaryPost.rank', messages: ['职务级别无效'] }, …] }
 *   The API maps ValidationFailed to 400 application/problem+json with these field errors.
 *
 * Nested DTOs need both `@ValidateNested()` and `@Type(() => Child)` (no decorator metadata is
 * emitted in this project). Field paths read like code: 'a.b[0].c'.
 */
export interface FieldError {
  field: string;
  messages: string[];
}

export class ValidationFailed extends Error {
  override readonly name = 'ValidationFailed';
  constructor(readonly errors: FieldError[]) {
    super(`请求参数有误：${errors.map((e) => `${e.field || '(请求体)'} ${e.messages.join('；')}`).join('，')}`);
  }
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function translate(constraint: string, message: string, property: string): string {
  // class-validator's own (English) messages for structural problems, in the users' language
  switch (constraint) {
    case 'whitelistValidation':
      return `不允许的字段：${property}`;
    case 'nestedValidation':
      return '必须是对象或数组';
    case 'unknownValue':
      return '请求体格式不正确';
    default:
      return message;
  }
}

export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = joinPath(parent, e.property);
    if (e.constraints && Object.keys(e.constraints).length > 0) {
      out.push({ field, messages: Object.entries(e.constraints).map(([k, m]) => translate(k, m, e.property)) });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export async function validateDto<T extends object>(cls: ClassConstructor<T>, body: unknown): Promise<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationFailed([{ field: '', messages: ['请求体必须是 JSON 对象'] }]);
  }
  const instance = plainToInstance(cls, body, { enableImplicitConversion: false, exposeDefaultValues: false });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new ValidationFailed(flattenValidationErrors(errors));
  return instance;
}
