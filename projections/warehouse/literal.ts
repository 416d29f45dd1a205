/**
 * The one audited place where a value becomes SQL text for the warehouse.
 *
 * ClickHouse 18.16 (the test server) has no query parameters, so every value in a warehouse query is
 * a literal built here — nowhere else. Identifiers are never built from input: report declarations
 * name their columns in code, and callers pick among them by key.
 *
 * Each function either returns a literal that the target parses back to exactly the given value, or
 * throws `UnsafeLiteral`. The fuzz test (literal.int.spec.ts) round-trips arbitrary strings through
 * real ClickHouse and DuckDB.
 */
export type WarehouseDialect = 'clickhouse' | 'duckdb';

export class UnsafeLiteral extends Error {
  override readonly name = 'UnsafeLiteral';
}

/** A string literal. ClickHouse: backslash escapes; DuckDB: standard SQL (quotes doubled, backslash literal). */
export function stringLiteral(value: string, dialect: WarehouseDialect): string {
  if (typeof value !== 'string') throw new UnsafeLiteral('not a string');
  if (!value.isWellFormed()) throw new UnsafeLiteral('string has a lone surrogate');
  if (dialect === 'duckdb') {
    if (value.includes('\u0000')) throw new UnsafeLiteral('NUL in a DuckDB string');
    return `'${value.replace(/'/g, "''")}'`;
  }
  let out = "'";
  for (const ch of value) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case "'":
        out += "\\'";
        break;
      case '\u0000':
        out += '\\0';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      default:
        out += ch;
    }
  }
  return `${out}'`;
}

/** A finite number, written so that no exponent or sign trick can change the statement. */
export function numberLiteral(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UnsafeLiteral('not a finite number');
  if (Number.isInteger(value)) {
    if (!Number.isSafeInteger(value)) throw new UnsafeLiteral('integer outside the safe range');
    return value < 0 ? `(${value})` : String(value);
  }
  const s = String(value);
  if (!/^-?\d+(\.\d+)?(e[-+]?\d+)?$/.test(s)) throw new UnsafeLiteral('unexpected number form');
  return value < 0 ? `(${s})` : s;
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|\+00:00)?)?$/;

/**
 * A moment (ISO-8601 UTC, or a bare date meaning midnight UTC), as a DateTime literal of whole
 * seconds in UTC. Anything else is refused.
 */
export function dateTimeLiteral(iso: string, dialect: WarehouseDialect): string {
  const m = typeof iso === 'string' ? ISO_UTC.exec(iso) : null;
  if (!m) throw new UnsafeLiteral('not an ISO-8601 UTC time');
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const back = new Date(t);
  if (back.getUTCFullYear() !== +y || back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    throw new UnsafeLiteral('no such date');
  }
  if (+y < 1971 || +y > 2105) throw new UnsafeLiteral('outside the DateTime range');
  const text = `${y}-${mo}-${d} ${h}:${mi}:${s}`;
  return dialect === 'clickhouse' ? `toDateTime('${text}', 'UTC')` : `TIMESTAMP '${text}'`;
}

/** A literal for a value of a declared type. */
export function literal(value: unknown, type: 'string' | 'number' | 'datetime', dialect: WarehouseDialect): string {
  switch (type) {
    case 'string':
      return stringLiteral(value as string, dialect);
    case 'number':
      return numberLiteral(value as number);
    case 'datetime':
      return dateTimeLiteral(value as string, dialect);
  }
}

/** `IN (…)` list of strings; an empty list is refused (callers handle "no match" themselves). */
export function stringList(values: readonly string[], dialect: WarehouseDialect): string {
  if (values.length === 0) throw new UnsafeLiteral('empty list');
  return `(${values.map((v) => stringLiteral(v, dialect)).join(', ')})`;
}
