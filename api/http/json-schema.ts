import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { createRequire } from 'node:module';

/**
 * JSON Schema (OpenAPI 3.1 flavour) generated from class-validator's metadata storage, so the
 * OpenAPI document and the validation can never disagree. We do not rely on `design:type` (no
 * decorator metadata is emitted by tsx/esbuild): a property's type comes from its validators.
 */
export type JsonSchema = Record<string, unknown>;
type Ctor = abstract new (...args: never[]) => unknown;
// class-validator / class-transformer type their targets as the global `Function`
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type AnyFn = Function;

const require = createRequire(import.meta.url);
// class-transformer's storage (for @Type(() => Nested)); same CJS instance as the decorators use.
let transformerStorage: { findTypeMetadata(target: AnyFn, prop: string): { typeFunction: () => AnyFn } | undefined } | null = null;
try {
  transformerStorage = require('class-transformer/cjs/storage').defaultMetadataStorage;
} catch {
  transformerStorage = null;
}

export class SchemaRegistry {
  readonly schemas: Record<string, JsonSchema> = {};

  /** Registers the class (and nested classes) and returns a $ref to it. */
  ref(cls: Ctor): JsonSchema {
    const name = cls.name;
    if (!this.schemas[name]) {
      this.schemas[name] = { type: 'object' }; // placeholder against cycles
      this.schemas[name] = this.objectSchema(cls);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  objectSchema(cls: Ctor): JsonSchema {
    const metas = getMetadataStorage().getTargetValidationMetadatas(cls as unknown as AnyFn, '', true, false);
    const byProp = new Map<string, ValidationMetadata[]>();
    for (const m of metas) {
      if (!byProp.has(m.propertyName)) byProp.set(m.propertyName, []);
      byProp.get(m.propertyName)!.push(m);
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [prop, ms] of byProp) {
      const optional = ms.some(
        (m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION && (m.name === 'isOptional' || m.name === undefined),
      );
      if (!optional) required.push(prop);
      properties[prop] = this.propertySchema(cls, prop, ms);
    }
    const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
    if (required.length) schema.required = required;
    return schema;
  }

  private propertySchema(cls: Ctor, prop: string, ms: ValidationMetadata[]): JsonSchema {
    const item: JsonSchema = {};
    const outer: JsonSchema = {};
    let isArray = false;
    for (const m of ms) {
      if (m.type === ValidationTypes.NESTED_VALIDATION) {
        const t = transformerStorage?.findTypeMetadata(cls as unknown as AnyFn, prop);
        const nested = t?.typeFunction();
        Object.assign(item, nested ? this.ref(nested as Ctor) : { type: 'object' });
        if (m.each) isArray = true;
        continue;
      }
      if (m.type !== ValidationTypes.CUSTOM_VALIDATION || !m.name) continue;
      const target = m.each ? item : item; // constraints describe items when `each`
      if (m.each) isArray = true;
      applyConstraint(m.name, m.constraints ?? [], target, outer, (v) => (isArray = v || isArray));
    }
    if (isArray) return { type: 'array', items: item, ...outer };
    return { ...item, ...outer };
  }
}

function applyConstraint(name: string, c: unknown[], s: JsonSchema, arr: JsonSchema, setArray: (v: boolean) => void): void {
  switch (name) {
    case 'isString':
      s.type = 'string';
      break;
    case 'isBoolean':
      s.type = 'boolean';
      break;
    case 'isInt':
      s.type = 'integer';
      break;
    case 'isNumber':
    case 'isNumberString':
      s.type = name === 'isNumber' ? 'number' : 'string';
      break;
    case 'isPositive':
      s.exclusiveMinimum = 0;
      break;
    case 'isArray':
      setArray(true);
      break;
    case 'isObject':
      s.type = 'object';
      break;
    case 'isEmail':
      s.type = 'string';
      s.format = 'email';
      break;
    case 'isUUID':
      s.type = 'string';
      s.format = 'uuid';
      break;
    case 'isUrl':
    case 'isURL':
      s.type = 'string';
      s.format = 'uri';
      break;
    case 'isISO8601':
    case 'isDateString':
      s.type = 'string';
      s.format = 'date-time';
      break;
    case 'isMobilePhone':
    case 'isPhoneNumber':
      s.type = 'string';
      s.format = 'phone';
      break;
    case 'maxLength':
      s.maxLength = c[0];
      break;
    case 'minLength':
      s.minLength = c[0];
      break;
    case 'length':
      s.minLength = c[0];
      if (c[1] !== undefined) s.maxLength = c[1];
      break;
    case 'isNotEmpty':
      if (s.type === 'string' || s.minLength === undefined) s.minLength = Math.max(1, Number(s.minLength ?? 1));
      break;
    case 'min':
      s.minimum = c[0];
      break;
    case 'max':
      s.maximum = c[0];
      break;
    case 'matches':
      s.type = 'string';
      s.pattern = c[0] instanceof RegExp ? c[0].source : String(c[0]);
      break;
    case 'isIn':
      s.enum = c[0];
      break;
    case 'isEnum':
      s.enum = Object.values(c[0] as object).filter((v) => typeof v !== 'number' || true);
      break;
    case 'arrayMinSize':
      arr.minItems = c[0];
      setArray(true);
      break;
    case 'arrayMaxSize':
      arr.maxItems = c[0];
      setArray(true);
      break;
    case 'arrayUnique':
      arr.uniqueItems = true;
      setArray(true);
      break;
    default: {
      const d = (s.description as string | undefined) ?? '';
      s.description = d ? `${d}; ${name}` : name;
    }
  }
}
