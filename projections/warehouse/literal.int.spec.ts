import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { openWarehouse, type Warehouse } from './warehouse';
import { serviceUrl } from '../../test/support/services';
import { dateTimeLiteral, numberLiteral, stringLiteral } from './literal';

/**
 * The escaping function against the real parsers: whatever string goes in, the server reads back
 * exactly that string — so no input can end the literal early and inject SQL.
 */
const targets: Array<[string, () => string | undefined]> = [
  ['duckdb', () => 'duckdb::memory:'],
  ['clickhouse', () => serviceUrl('CLICKHOUSE_URL')],
];

for (const [name, url] of targets) {
  const u = url();
  describe.skipIf(!u)(`literals round-trip through real ${name}`, () => {
    let wh: Warehouse;
    beforeAll(async () => {
      wh = await openWarehouse(u!);
    });
    afterAll(async () => {
      await wh?.close();
    });

    it('arbitrary strings (fuzzed) come back unchanged', async () => {
      const dialect = wh.dialect;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 40 }),
            fc.string({
              unit: fc.constantFrom("'", '\\', '"', ';', '-', '\n', '\t', '\r', '\u0000', 'x', '中', '`', '$', '%'),
              maxLength: 30,
            }),
          ),
          async (raw) => {
            const s = dialect === 'duckdb' ? raw.replace(/\u0000/g, '') : raw;
            const rows = await wh.query<{ v: string; n: string | number }>(`SELECT ${stringLiteral(s, dialect)} AS v, 1 AS n`);
            expect(rows).toHaveLength(1);
            expect(rows[0].v).toBe(s);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('known injection attempts stay values', async () => {
      for (const s of ["'); DROP TABLE x; --", "\\'; SELECT 1; --", "' OR '1'='1", '\\', "'", "\\\\'"]) {
        const rows = await wh.query<{ v: string }>(`SELECT ${stringLiteral(s, wh.dialect)} AS v`);
        expect(rows[0].v).toBe(s);
      }
    });

    it('numbers and times round-trip', async () => {
      const rows = await wh.query<{ a: number | string; b: number | string; t: string }>(
        `SELECT ${numberLiteral(-42)} AS a, ${numberLiteral(3.25)} AS b, ${dateTimeLiteral('2026-05-04T03:02:01Z', wh.dialect)} AS t`,
      );
      expect(Number(rows[0].a)).toBe(-42);
      expect(Number(rows[0].b)).toBe(3.25);
      expect(String(rows[0].t)).toBe('2026-05-04 03:02:01');
    });
  });
}
