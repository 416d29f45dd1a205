import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dateTimeLiteral, numberLiteral, stringLiteral, stringList, UnsafeLiteral } from './literal';

describe('warehouse literals', () => {
  it('ClickHouse strings escape backslash and quote so the literal ends where it should', () => {
    expect(stringLiteral(`a'b\\c`, 'clickhouse')).toBe(`'a\\'b\\\\c'`);
    expect(stringLiteral(`x'); DROP TABLE fact_task; --`, 'clickhouse')).toBe(`'x\\'); DROP TABLE fact_task; --'`);
  });

  it('DuckDB strings double the quote and leave backslash alone', () => {
    expect(stringLiteral(`a'b\\c`, 'duckdb')).toBe(`'a''b\\c'`);
  });

  it('every literal has exactly one unescaped quote at each end (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const ch = stringLiteral(s, 'clickhouse');
        // Remove escaped pairs, then no quote may remain inside.
        const inner = ch.slice(1, -1).replace(/\\./gs, '');
        expect(inner.includes("'")).toBe(false);
        const dk = stringLiteral(s.replace(/\u0000/g, ''), 'duckdb');
        expect(dk.slice(1, -1).replace(/''/g, '').includes("'")).toBe(false);
      }),
    );
  });

  it('refuses what cannot be a safe value', () => {
    expect(() => stringLiteral('\ud800', 'clickhouse')).toThrow(UnsafeLiteral);
    expect(() => stringLiteral(42 as unknown as string, 'duckdb')).toThrow(UnsafeLiteral);
    expect(() => numberLiteral(Number.NaN)).toThrow(UnsafeLiteral);
    expect(() => numberLiteral(Infinity)).toThrow(UnsafeLiteral);
    expect(() => numberLiteral(2 ** 60)).toThrow(UnsafeLiteral);
    expect(() => dateTimeLiteral("2026-01-01' OR 1=1", 'clickhouse')).toThrow(UnsafeLiteral);
    expect(() => dateTimeLiteral('2026-02-30', 'duckdb')).toThrow(UnsafeLiteral);
    expect(() => dateTimeLiteral('2026-01-01T25:00:00Z', 'duckdb')).toThrow(UnsafeLiteral);
    expect(() => stringList([], 'duckdb')).toThrow(UnsafeLiteral);
  });

  it('negative numbers are parenthesised so that `x -` + literal cannot become a comment', () => {
    expect(numberLiteral(-1)).toBe('(-1)');
    expect(numberLiteral(0.5)).toBe('0.5');
  });

  it('times become whole UTC seconds', () => {
    expect(dateTimeLiteral('2026-03-01T08:30:15.123Z', 'clickhouse')).toBe("toDateTime('2026-03-01 08:30:15', 'UTC')");
    expect(dateTimeLiteral('2026-03-01', 'duckdb')).toBe("TIMESTAMP '2026-03-01 00:00:00'");
  });
});
