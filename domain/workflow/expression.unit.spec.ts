import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { checkExpression, evaluateCondition, ExpressionError, identifiersOf, parseExpression, type ValueType } from './expression';

const scope = (form: Record<string, unknown>, applicant: Record<string, unknown> = { rank: '科员' }) => ({ form, applicant });
const known = new Map<string, ValueType>([
  ['days', 'number'],
  ['amount', 'number'],
  ['kind', 'string'],
  ['urgent', 'boolean'],
  ['applicant.rank', 'rank'],
  ['applicant.unitId', 'string'],
]);

describe('expression evaluator', () => {
  it('compares numbers from the form, with or without the form. prefix', () => {
    expect(evaluateCondition('days > 3', scope({ days: 5 }))).toBe(true);
    expect(evaluateCondition('days > 3', scope({ days: 3 }))).toBe(false);
    expect(evaluateCondition('form.days >= 3', scope({ days: 3 }))).toBe(true);
    expect(evaluateCondition('amount >= 500000', scope({ amount: 499999 }))).toBe(false);
    expect(evaluateCondition('amount < 500000.5', scope({ amount: 500000 }))).toBe(true);
  });

  it('applies precedence: ! over comparison over && over ||, parentheses override', () => {
    expect(evaluateCondition('days > 3 || days < 1 && urgent', scope({ days: 5, urgent: false }))).toBe(true);
    expect(evaluateCondition('(days > 3 || days < 1) && urgent', scope({ days: 5, urgent: false }))).toBe(false);
    expect(evaluateCondition('!urgent && days == 2', scope({ days: 2, urgent: false }))).toBe(true);
    expect(evaluateCondition('!(days == 2)', scope({ days: 2 }))).toBe(false);
  });

  it('compares 职务级别 by rank order, not by string order', () => {
    expect(evaluateCondition("applicant.rank >= '正科'", scope({}, { rank: '副处' }))).toBe(true);
    expect(evaluateCondition("applicant.rank >= '正科'", scope({}, { rank: '科员' }))).toBe(false);
    expect(evaluateCondition("applicant.rank < '副科'", scope({}, { rank: '办事员' }))).toBe(true);
    // '副处' < '正科' as strings would be true; by rank it is false
    expect(evaluateCondition("applicant.rank < '正科'", scope({}, { rank: '副处' }))).toBe(false);
  });

  it('supports in [..], strings with escapes, equality, null for a missing field', () => {
    expect(evaluateCondition("kind in ['事假', '病假']", scope({ kind: '病假' }))).toBe(true);
    expect(evaluateCondition("kind in ['事假', '病假']", scope({ kind: '年休假' }))).toBe(false);
    expect(evaluateCondition("kind == 'it\\'s'", scope({ kind: "it's" }))).toBe(true);
    expect(evaluateCondition('kind == null', scope({}))).toBe(true);
    expect(evaluateCondition('kind != null', scope({ kind: 'x' }))).toBe(true);
    expect(evaluateCondition('days > 3', scope({}))).toBe(false); // missing optional field: no inequality holds
  });

  it('throws on a type mismatch at evaluation', () => {
    expect(() => evaluateCondition('kind > 3', scope({ kind: 'x' }))).toThrow(ExpressionError);
    expect(() => evaluateCondition("kind > 'abc'", scope({ kind: 'x' }))).toThrow(ExpressionError);
  });

  it('reports syntax errors with a position', () => {
    for (const bad of [
      'days >',
      'days > > 3',
      '(days > 3',
      'days > 3)',
      'a < b < c',
      "kind in ['x'",
      'days = 3',
      'days > 3 &',
      "'open",
      '3abc',
      'kind in [days]',
      '',
    ]) {
      expect(() => parseExpression(bad), bad).toThrow(ExpressionError);
    }
    try {
      parseExpression('days > 3 )');
    } catch (e) {
      expect((e as ExpressionError).position).toBe(9);
    }
  });

  it('refuses prototype access at parse time and never reads inherited properties', () => {
    for (const bad of ['__proto__ == null', 'form.constructor == null', 'applicant.__proto__.x == 1', 'a.prototype > 1']) {
      expect(() => parseExpression(bad), bad).toThrow(/不允许/);
    }
    const form = Object.create({ inherited: 5 }) as Record<string, unknown>;
    expect(evaluateCondition('inherited == 5', scope(form))).toBe(false);
    expect(evaluateCondition('toString == null', scope({}))).toBe(true);
    expect(evaluateCondition('hasOwnProperty == null', scope({}))).toBe(true);
  });

  it('checks identifiers and rank literals at publish time', () => {
    expect(checkExpression("days > 3 && applicant.rank >= '正科'", known)).toEqual([]);
    expect(checkExpression('dayz > 3', known)[0]).toMatch(/未知的字段 “dayz”/);
    expect(checkExpression('applicant.salary > 3', known)[0]).toMatch(/未知的字段/);
    expect(checkExpression("applicant.rank >= '局长'", known)[0]).toMatch(/不是有效的职务级别/);
    expect(checkExpression("kind > 'a'", known).length).toBeGreaterThan(0);
    expect(checkExpression('days > applicant.rank', known)[0]).toMatch(/数字不能与职务级别比较/);
    expect(checkExpression('days >', known)[0]).toMatch(/不完整/);
    expect([...identifiersOf(parseExpression('form.days > 1 || applicant.rank == x'))].sort()).toEqual([
      'applicant.rank',
      'form.days',
      'x',
    ]);
  });

  it('fuzz: arbitrary input never crashes — it parses or throws ExpressionError only', () => {
    const alphabet = fc.constantFrom(
      ...'days>=<!&|()[],\'" in true false null applicant.rank form.x __proto__ constructor 0123456789.正科'.split(''),
    );
    const tokens = fc.constantFrom(
      'days',
      '>',
      '>=',
      '==',
      '!=',
      '<',
      '&&',
      '||',
      '!',
      '(',
      ')',
      '[',
      ']',
      ',',
      'in',
      '3',
      "'正科'",
      'applicant.rank',
      'true',
      'null',
      '__proto__',
      'constructor',
      'form.days',
    );
    const check = (src: string) => {
      let ast;
      try {
        ast = parseExpression(src);
      } catch (e) {
        expect(e).toBeInstanceOf(ExpressionError);
        return;
      }
      try {
        const v = evaluateCondition(ast, scope({ days: 4 }, { rank: '正科' }));
        expect(typeof v).toBe('boolean');
      } catch (e) {
        expect(e).toBeInstanceOf(ExpressionError);
      }
      expect(Array.isArray(checkExpression(src, known))).toBe(true);
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 2000 });
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')),
        check,
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.array(tokens, { maxLength: 25 }).map((a) => a.join(' ')),
        check,
      ),
      { numRuns: 3000 },
    );
  });

  it('fuzz: no expression reaches Object.prototype, however the identifiers are spelled', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).length;
    fc.assert(
      fc.property(
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', '__defineGetter__'),
        fc.constantFrom('', 'form.', 'applicant.'),
        (name, prefix) => {
          let ok = true;
          try {
            ok = evaluateCondition(`${prefix}${name} == null`, scope({}, {}));
          } catch (e) {
            expect(e).toBeInstanceOf(ExpressionError);
            return;
          }
          expect(ok).toBe(true); // never resolves to a function or an object
        },
      ),
    );
    expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(before);
  });

  it('refuses deeply nested or very long input without a stack overflow', () => {
    expect(() => parseExpression('('.repeat(5000) + '1' + ')'.repeat(5000))).toThrow(ExpressionError);
    expect(() => parseExpression('!'.repeat(500) + 'true')).toThrow(/嵌套过深/);
    expect(evaluateCondition('!'.repeat(10) + 'true', scope({}))).toBe(true);
  });
});
