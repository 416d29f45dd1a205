import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { formatArchivalCode } from './archive';
import { documentNumberRegister, type AssignNumber, type NumberAssigned } from './numbering';
import { md } from './testing';

const assign = (holderId: string, actor = 'yang-fan', max?: number): AssignNumber => ({
  type: 'AssignNumber',
  data: { key: { code: '区财预', year: 2026 }, holderId, ...(max ? { max } : {}) },
  metadata: md(actor),
});
const assigned = (n: number, holderId: string): NumberAssigned<'DocumentNumberAssigned'> => ({
  type: 'DocumentNumberAssigned',
  data: { key: { code: '区财预', year: 2026 }, number: n, holderId, assignedBy: 'yang-fan', assignedAt: md('x').now },
});

describe('DocumentNumberRegister (发文字号 per 机关代字 and year)', () => {
  it('the first number is 1, then one more than the last', () => {
    spec(documentNumberRegister)
      .given([])
      .when(assign('d1'))
      .then([assigned(1, 'd1')]);
    spec(documentNumberRegister)
      .given([assigned(1, 'd1'), assigned(2, 'd2')])
      .when(assign('d3'))
      .then([assigned(3, 'd3')]);
  });

  it('a document that has a number gets no second one (retry after a crash): nothing written', () => {
    spec(documentNumberRegister)
      .given([assigned(1, 'd1'), assigned(2, 'd2')])
      .when(assign('d1'))
      .then([]);
  });

  it('refuses beyond a configured maximum', () => {
    spec(documentNumberRegister)
      .given([assigned(1, 'd1')])
      .when(assign('d2', 'x', 1))
      .thenThrows('register.exhausted');
  });

  it('property: any sequence of requests (with repeats) gives each distinct document one number, 1..N without gaps', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 80 }), (reqs) => {
        let s = documentNumberRegister.initialState();
        for (const r of reqs) {
          for (const e of documentNumberRegister.decide(assign(`d${r}`), s)) s = documentNumberRegister.evolve(s, e);
        }
        const numbers = Object.values(s.holders).sort((a, b) => a - b);
        const distinct = new Set(reqs).size;
        expect(numbers).toEqual(Array.from({ length: distinct }, (_, i) => i + 1));
        // first come, first numbered
        const order = [...new Set(reqs)];
        order.forEach((r, i) => expect(s.holders[`d${r}`]).toBe(i + 1));
      }),
    );
  });
});

describe('档号 (DA/T 22-2015)', () => {
  it('全宗号-门类代码·年度-保管期限代码-机构代码-件号', () => {
    expect(formatArchivalCode({ fondsCode: 'Z109', year: 2026, retention: '永久', orgCode: 'BGS' }, 1)).toBe('Z109-WS·2026-Y-BGS-0001');
    expect(formatArchivalCode({ fondsCode: 'Z109', year: 2026, retention: '30年', orgCode: 'BGS' }, 27)).toBe('Z109-WS·2026-D30-BGS-0027');
    expect(formatArchivalCode({ fondsCode: 'Z109', year: 2025, retention: '10年', orgCode: 'ZHK' }, 1234)).toBe(
      'Z109-WS·2025-D10-ZHK-1234',
    );
  });
});
