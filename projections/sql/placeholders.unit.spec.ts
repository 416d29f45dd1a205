import { describe, expect, it } from 'vitest';
import { assertIdentifier, normalizeParam, toNumberedPlaceholders } from './placeholders';

describe('toNumberedPlaceholders (PostgreSQL $n from ?)', () => {
  it('numbers every placeholder in order', () => {
    expect(toNumberedPlaceholders('INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON CONFLICT (a) DO UPDATE SET b = ?')).toEqual({
      text: 'INSERT INTO t (a, b, c) VALUES ($1, $2, $3) ON CONFLICT (a) DO UPDATE SET b = $4',
      count: 4,
    });
  });

  it('leaves ? alone inside strings, quoted identifiers, comments and dollar quotes', () => {
    const sql = `SELECT '?', 'it''s ?', "col?", x -- what?
      /* really? */ FROM t WHERE a = ? AND b = $$ ? $$ AND c = $tag$ '?' $tag$ AND d = ?`;
    const r = toNumberedPlaceholders(sql);
    expect(r.count).toBe(2);
    expect(r.text).toContain(`WHERE a = $1 AND`);
    expect(r.text).toContain(`AND d = $2`);
    expect(r.text).toContain(`'it''s ?', "col?", x -- what?`);
    expect(r.text).toContain(`$$ ? $$`);
    expect(r.text).toContain(`$tag$ '?' $tag$`);
  });

  it('returns SQL without placeholders unchanged', () => {
    expect(toNumberedPlaceholders('SELECT 1')).toEqual({ text: 'SELECT 1', count: 0 });
  });
});

describe('normalizeParam', () => {
  it('maps values both drivers accept', () => {
    expect(normalizeParam(true)).toBe(1);
    expect(normalizeParam(false)).toBe(0);
    expect(normalizeParam(undefined)).toBeNull();
    expect(normalizeParam(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(normalizeParam({ a: [1] })).toBe('{"a":[1]}');
    expect(normalizeParam('文')).toBe('文');
    expect(() => normalizeParam(() => 1)).toThrow(TypeError);
  });
});

describe('assertIdentifier', () => {
  it('accepts plain names and refuses anything that could carry SQL', () => {
    expect(assertIdentifier('inbox_items__r2')).toBe('inbox_items__r2');
    for (const bad of ['', 'a b', 'x;DROP TABLE y', '"q"', '1abc', 'a'.repeat(52)]) expect(() => assertIdentifier(bad)).toThrow();
  });
});
