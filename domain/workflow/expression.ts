/**
 * A small, safe expression language for condition gateways (条件分支) — never eval / Function.
 *
 *   days > 3
 *   amount >= 500000 && kind in ['事假', '病假']
 *   applicant.rank >= '正科' || !(form.urgent == true)
 *
 * Grammar (Pratt parser, binding powers low → high):  `||`  <  `&&`  <  comparison / `in`  <  `!`
 *   literals: numbers (123, 4.5), strings ('x' or "x", \\ \' \" escapes), true, false, null
 *   identifiers with dots: `days`, `form.days` (the form), `applicant.rank` (the applicant snapshot)
 *   comparison: == != > >= < <=   (relational operators on two strings compare 职务级别 ranks)
 *   list membership: x in [a, b, …] (literals only)
 *
 * Identifier lookup only reads own properties of plain data and refuses `__proto__`, `constructor`
 * and `prototype` segments at parse time, so no expression can reach the prototype chain.
 */
import { isRank, rankOrder } from '../org';

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    message: string,
    /** Character offset in the source, when known. */
    readonly position: number = -1,
  ) {
    super(message);
  }
}

export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';
export type Literal = string | number | boolean | null;

export type Expr =
  | { t: 'lit'; v: Literal }
  | { t: 'ident'; path: string[]; pos: number }
  | { t: 'not'; e: Expr }
  | { t: 'and' | 'or'; l: Expr; r: Expr }
  | { t: 'cmp'; op: CompareOp; l: Expr; r: Expr; pos: number }
  | { t: 'in'; e: Expr; list: Literal[] };

export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_DEPTH = 64;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

// ---------------------------------------------------------------- tokenizer
type Tok =
  | { k: 'num'; v: number; p: number }
  | { k: 'str'; v: string; p: number }
  | { k: 'id'; v: string; p: number }
  | { k: 'op'; v: string; p: number }
  | { k: 'eof'; p: number };

const isIdStart = (c: string) => /[A-Za-z_$\u4e00-\u9fff]/.test(c);
const isIdPart = (c: string) => /[A-Za-z0-9_$\u4e00-\u9fff]/.test(c);

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c >= '0' && c <= '9') {
      while (i < src.length && src[i] >= '0' && src[i] <= '9') i++;
      if (src[i] === '.' && src[i + 1] >= '0' && src[i + 1] <= '9') {
        i++;
        while (i < src.length && src[i] >= '0' && src[i] <= '9') i++;
      }
      if (i < src.length && isIdPart(src[i])) throw new ExpressionError(`数字格式错误（位置 ${start}）`, start);
      const text = src.slice(start, i);
      if (text.length > 20) throw new ExpressionError(`数字过长（位置 ${start}）`, start);
      toks.push({ k: 'num', v: Number(text), p: start });
      continue;
    }
    if (c === "'" || c === '"') {
      i++;
      let s = '';
      for (;;) {
        if (i >= src.length) throw new ExpressionError(`字符串未结束（位置 ${start}）`, start);
        const d = src[i];
        if (d === c) {
          i++;
          break;
        }
        if (d === '\\') {
          const n = src[i + 1];
          if (n === '\\' || n === "'" || n === '"') {
            s += n;
            i += 2;
            continue;
          }
          throw new ExpressionError(`不支持的转义（位置 ${i}）`, i);
        }
        s += d;
        i++;
      }
      toks.push({ k: 'str', v: s, p: start });
      continue;
    }
    if (isIdStart(c)) {
      while (i < src.length && (isIdPart(src[i]) || (src[i] === '.' && i + 1 < src.length && isIdStart(src[i + 1])))) i++;
      toks.push({ k: 'id', v: src.slice(start, i), p: start });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      toks.push({ k: 'op', v: two, p: i });
      i += 2;
      continue;
    }
    if ('<>!()[],'.includes(c)) {
      toks.push({ k: 'op', v: c, p: i });
      i++;
      continue;
    }
    throw new ExpressionError(`无法识别的字符 “${c}”（位置 ${i}）`, i);
  }
  toks.push({ k: 'eof', p: src.length });
  return toks;
}

// ---------------------------------------------------------------- parser
const BP: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '>': 3, '>=': 3, '<': 3, '<=': 3, in: 3 };

/** Parses an expression; throws ExpressionError (Chinese message, position) on bad syntax. */
export function parseExpression(src: string): Expr {
  if (typeof src !== 'string') throw new ExpressionError('表达式必须是字符串');
  if (src.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`表达式过长（最多 ${MAX_EXPRESSION_LENGTH} 个字符）`);
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const isOp = (t: Tok, v: string) => t.k === 'op' && t.v === v;
  const expectOp = (v: string) => {
    const t = next();
    if (!isOp(t, v)) throw new ExpressionError(`此处应为 “${v}”（位置 ${t.p}）`, t.p);
  };

  const literalOf = (t: Tok): Literal | undefined => {
    if (t.k === 'num' || t.k === 'str') return t.v;
    if (t.k === 'id' && t.v === 'true') return true;
    if (t.k === 'id' && t.v === 'false') return false;
    if (t.k === 'id' && t.v === 'null') return null;
    return undefined;
  };

  function nud(t: Tok, depth: number): Expr {
    const lit = literalOf(t);
    if (lit !== undefined) return { t: 'lit', v: lit };
    if (t.k === 'id') {
      if (t.v === 'in') throw new ExpressionError(`此处不应出现 in（位置 ${t.p}）`, t.p);
      const path = t.v.split('.');
      for (const seg of path) {
        if (FORBIDDEN_SEGMENTS.has(seg)) throw new ExpressionError(`不允许的标识符 “${seg}”（位置 ${t.p}）`, t.p);
      }
      return { t: 'ident', path, pos: t.p };
    }
    if (isOp(t, '!')) return { t: 'not', e: expr(4, depth + 1) };
    if (isOp(t, '(')) {
      const e = expr(0, depth + 1);
      expectOp(')');
      return e;
    }
    if (t.k === 'eof') throw new ExpressionError('表达式不完整', t.p);
    throw new ExpressionError(`此处不应出现 “${t.k === 'op' ? t.v : ''}”（位置 ${t.p}）`, t.p);
  }

  function expr(rbp: number, depth: number): Expr {
    if (depth > MAX_DEPTH) throw new ExpressionError('表达式嵌套过深');
    let left = nud(next(), depth);
    for (;;) {
      const t = peek();
      const key = t.k === 'op' ? t.v : t.k === 'id' && t.v === 'in' ? 'in' : '';
      const bp = BP[key];
      if (bp === undefined || bp <= rbp) break;
      next();
      if (key === '&&' || key === '||') {
        left = { t: key === '&&' ? 'and' : 'or', l: left, r: expr(bp, depth + 1) };
      } else if (key === 'in') {
        expectOp('[');
        const list: Literal[] = [];
        if (!isOp(peek(), ']')) {
          for (;;) {
            const lt = next();
            const v = literalOf(lt);
            if (v === undefined) throw new ExpressionError(`in 列表只能包含常量（位置 ${lt.p}）`, lt.p);
            list.push(v);
            if (isOp(peek(), ',')) {
              next();
              continue;
            }
            break;
          }
        }
        expectOp(']');
        left = { t: 'in', e: left, list };
      } else {
        const right = expr(bp, depth + 1);
        left = { t: 'cmp', op: key as CompareOp, l: left, r: right, pos: t.p };
        // comparisons do not chain: `a < b < c` is an error
        const after = peek();
        if (after.k === 'op' && BP[after.v] === 3) throw new ExpressionError(`比较运算不能连用（位置 ${after.p}）`, after.p);
      }
    }
    return left;
  }

  const e = expr(0, 0);
  const t = peek();
  if (t.k !== 'eof') throw new ExpressionError(`多余的内容（位置 ${t.p}）`, t.p);
  return e;
}

// ---------------------------------------------------------------- checking (publish time)
/** The value types an identifier can have; 'rank' compares by 职务级别 order. */
export type ValueType = 'number' | 'string' | 'boolean' | 'rank' | 'any';

/** Finds every identifier path (joined with dots) used by an expression. */
export function identifiersOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.t) {
    case 'lit':
      return out;
    case 'ident':
      out.add(e.path.join('.'));
      return out;
    case 'not':
      return identifiersOf(e.e, out);
    case 'and':
    case 'or':
      identifiersOf(e.l, out);
      return identifiersOf(e.r, out);
    case 'cmp':
      identifiersOf(e.l, out);
      return identifiersOf(e.r, out);
    case 'in':
      return identifiersOf(e.e, out);
  }
}

/** Canonical name: `form.days` and `days` are the same identifier. */
export function canonicalIdentifier(path: readonly string[]): string {
  return path[0] === 'form' && path.length > 1 ? path.slice(1).join('.') : path.join('.');
}

/**
 * Parses and checks an expression against the known identifiers (form fields by name, and
 * `applicant.*`). Returns the Chinese error messages (empty when fine).
 */
export function checkExpression(src: string, known: ReadonlyMap<string, ValueType>): string[] {
  let ast: Expr;
  try {
    ast = parseExpression(src);
  } catch (err) {
    return [err instanceof ExpressionError ? err.message : '表达式无法解析'];
  }
  const errors: string[] = [];
  const typeOf = (x: Expr): ValueType | 'lit-string' | 'lit-other' | 'bool-expr' => {
    if (x.t === 'lit') return typeof x.v === 'string' ? 'lit-string' : typeof x.v === 'number' ? 'number' : 'lit-other';
    if (x.t === 'ident') return known.get(canonicalIdentifier(x.path)) ?? 'any';
    return 'bool-expr';
  };
  const walk = (x: Expr): void => {
    switch (x.t) {
      case 'lit':
        return;
      case 'ident': {
        const name = canonicalIdentifier(x.path);
        if (!known.has(name)) errors.push(`未知的字段 “${x.path.join('.')}”（位置 ${x.pos}）`);
        return;
      }
      case 'not':
        return walk(x.e);
      case 'and':
      case 'or':
        walk(x.l);
        walk(x.r);
        return;
      case 'in':
        walk(x.e);
        return;
      case 'cmp': {
        walk(x.l);
        walk(x.r);
        if (x.op === '==' || x.op === '!=') return;
        const a = typeOf(x.l);
        const b = typeOf(x.r);
        const rankSide = a === 'rank' || b === 'rank';
        for (const [side, ty] of [
          [x.l, a],
          [x.r, b],
        ] as const) {
          if (ty === 'lit-string' && side.t === 'lit' && !(rankSide && isRank(side.v))) {
            errors.push(`“${String(side.v)}” 不是有效的职务级别，不能做大小比较（位置 ${x.pos}）`);
          }
          if (ty === 'string' || ty === 'boolean' || ty === 'lit-other' || ty === 'bool-expr') {
            errors.push(`大小比较只适用于数字或职务级别（位置 ${x.pos}）`);
          }
        }
        if ((a === 'number' && (b === 'rank' || b === 'lit-string')) || (b === 'number' && (a === 'rank' || a === 'lit-string'))) {
          errors.push(`数字不能与职务级别比较（位置 ${x.pos}）`);
        }
        return;
      }
    }
  };
  walk(ast);
  return errors;
}

// ---------------------------------------------------------------- evaluation
export interface EvaluationScope {
  form: Readonly<Record<string, unknown>>;
  applicant: Readonly<Record<string, unknown>>;
}

type Value = Literal | undefined;

function lookup(scope: EvaluationScope, path: readonly string[]): Value {
  let cur: unknown;
  let rest: readonly string[];
  if (path[0] === 'applicant' && path.length > 1) {
    cur = scope.applicant;
    rest = path.slice(1);
  } else if (path[0] === 'form' && path.length > 1) {
    cur = scope.form;
    rest = path.slice(1);
  } else {
    cur = scope.form;
    rest = path;
  }
  for (const seg of rest) {
    if (FORBIDDEN_SEGMENTS.has(seg)) return undefined;
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === null || typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean') return cur;
  return undefined;
}

function evalValue(e: Expr, scope: EvaluationScope): Value {
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'ident':
      return lookup(scope, e.path);
    case 'not':
      return !(evalValue(e.e, scope) === true);
    case 'and':
      return evalValue(e.l, scope) === true && evalValue(e.r, scope) === true;
    case 'or':
      return evalValue(e.l, scope) === true || evalValue(e.r, scope) === true;
    case 'in': {
      const v = evalValue(e.e, scope);
      return e.list.some((x) => x === v || (x === null && v === undefined));
    }
    case 'cmp': {
      const a = evalValue(e.l, scope);
      const b = evalValue(e.r, scope);
      if (e.op === '==') return a === b || (a == null && b == null);
      if (e.op === '!=') return !(a === b || (a == null && b == null));
      if (a == null || b == null) return false; // a missing optional field satisfies no inequality
      let x: number;
      let y: number;
      if (typeof a === 'number' && typeof b === 'number') {
        x = a;
        y = b;
      } else if (typeof a === 'string' && typeof b === 'string' && isRank(a) && isRank(b)) {
        x = rankOrder(a);
        y = rankOrder(b);
      } else throw new ExpressionError(`类型不匹配，无法比较（位置 ${e.pos}）`, e.pos);
      switch (e.op) {
        case '>':
          return x > y;
        case '>=':
          return x >= y;
        case '<':
          return x < y;
        case '<=':
          return x <= y;
      }
    }
  }
}

/** Evaluates to a boolean (anything but `true` is false). Throws ExpressionError on a type mismatch. */
export function evaluateCondition(e: Expr | string, scope: EvaluationScope): boolean {
  const ast = typeof e === 'string' ? parseExpression(e) : e;
  return evalValue(ast, scope) === true;
}
