/**
 * `?` → `$1..$n` for PostgreSQL. A `?` inside a single-quoted string, a double-quoted identifier,
 * a dollar-quoted string or a comment is left alone; every other `?` is a placeholder (so the jsonb
 * operators `?`, `?|`, `?&` cannot be written: use `jsonb_exists(…)` instead).
 */
export function toNumberedPlaceholders(sql: string): { text: string; count: number } {
  return replacePlaceholders(sql, (i) => '$' + String(i + 1));
}

/** Replaces each placeholder `?` (outside quotes and comments) with `replacement(index)`, index from 0. */
export function replacePlaceholders(sql: string, replacement: (index: number) => string): { text: string; count: number } {
  let out = '';
  let n = 0;
  let i = 0;
  let copiedTo = 0;
  const len = sql.length;
  while (i < len) {
    const c = sql.charCodeAt(i);
    if (c === 63 /* ? */) {
      out += sql.slice(copiedTo, i) + replacement(n++);
      i++;
      copiedTo = i;
    } else if (c === 39 /* ' */ || c === 34 /* " */) {
      // '' or "" inside doubles the quote: scanning to the next quote twice handles it.
      const end = sql.indexOf(sql[i]!, i + 1);
      i = end < 0 ? len : end + 1;
    } else if (c === 45 /* - */ && sql.charCodeAt(i + 1) === 45) {
      const end = sql.indexOf('\n', i + 2);
      i = end < 0 ? len : end + 1;
    } else if (c === 47 /* / */ && sql.charCodeAt(i + 1) === 42 /* * */) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? len : end + 2;
    } else if (c === 36 /* $ */) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      // `$1` style is not a dollar quote; `$$` and `$tag$` are (unless preceded by an identifier char).
      const prev = i > 0 ? sql[i - 1]! : ' ';
      if (m && !/[A-Za-z0-9_]/.test(prev)) {
        const tag = m[0];
        const end = sql.indexOf(tag, i + tag.length);
        i = end < 0 ? len : end + tag.length;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  return { text: n === 0 ? sql : out + sql.slice(copiedTo), count: n };
}

/** Parameter values both drivers accept: booleans as 0/1, undefined as null, Date as ISO text, objects as JSON. */
export function normalizeParam(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'undefined':
      return null;
    case 'object':
      if (v === null || Buffer.isBuffer(v) || v instanceof Uint8Array) return v;
      if (v instanceof Date) return v.toISOString();
      return JSON.stringify(v);
    default:
      throw new TypeError(`unsupported SQL parameter of type ${typeof v}`);
  }
}

/** `values` ready for a driver; the same array when nothing needs converting (the common case). */
export function normalizeParams(values: readonly unknown[]): unknown[] {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = typeof v;
    if (t !== 'string' && t !== 'number' && t !== 'bigint' && v !== null) return values.map(normalizeParam);
  }
  return values as unknown[];
}

/** A SQL identifier we build from code (table and projection names): checked, never quoted user input. */
export function assertIdentifier(name: string, what = 'identifier'): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,50}$/.test(name)) {
    throw new Error(`invalid ${what} "${name}": letters, digits and _ only, at most 51 characters`);
  }
  return name;
}
