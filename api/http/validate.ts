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
  const poisoned = forbiddenKeys(input, where);
  if (poisoned.length) throw new ValidationFailed(poisoned);
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

/** Keys that reach into prototypes: refused (400, like any field the DTO does not declare) at any depth. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper input is refused before class-transformer walks it (its recursion would overflow the stack → 500). */
export const MAX_INPUT_DEPTH = 32;

/** Walks the input without recursion (a 1 MB body can nest 500k levels). */
function forbiddenKeys(input: unknown, where: 'body' | 'query'): FieldError[] {
  const out: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: '', depth: 0 }];
  while (stack.length && out.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_INPUT_DEPTH) {
      out.push({ field: path || where, message: `嵌套层级不能超过 ${MAX_INPUT_DEPTH}` });
      break;
    }
    for (const key of Object.keys(value)) {
      const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) out.push({ field, message: `不允许的字段 ${key}` });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return out;
}
