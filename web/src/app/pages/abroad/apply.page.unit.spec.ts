import { describe, expect, it } from 'vitest';
import type { SubmitBody } from './abroad-api.service';
import { checkApplication, tripDays } from './apply.page';

const ok: SubmitBody = {
  entry: '出入境',
  reason: '赴港探亲',
  document: { type: '往来港澳通行证', number: 'C12345678', validUntil: '2030-01-01' },
  itinerary: [{ region: '香港', arriveDate: '2026-04-01', leaveDate: '2026-04-03' }],
  destinationType: '港澳台',
  departDate: '2026-04-01',
  returnDate: '2026-04-03',
};
const TODAY = '2026-03-02';

describe('出国（境）申请 form checks (the same rules as the server)', () => {
  it('a sound application passes; days are counted from the dates', () => {
    expect(checkApplication(ok, TODAY)).toEqual({});
    expect(tripDays(ok.departDate, ok.returnDate)).toBe(3);
    expect(tripDays('2026-04-03', '2026-04-01')).toBe(0);
  });
  it('入境 before 出境, a 证件 expiring before 入境, a bad number, a stop outside the trip', () => {
    expect(checkApplication({ ...ok, returnDate: '2026-03-31' }, TODAY)).toMatchObject({ returnDate: '入境时间不能早于出境时间' });
    expect(checkApplication({ ...ok, document: { ...ok.document, validUntil: '2026-04-02' } }, TODAY)).toEqual({
      'document.validUntil': '证件有效期须覆盖入境时间',
    });
    expect(checkApplication({ ...ok, document: { ...ok.document, number: 'c-1' } }, TODAY)).toHaveProperty('document.number');
    expect(checkApplication({ ...ok, itinerary: [{ region: '香港', arriveDate: '2026-03-30', leaveDate: '2026-04-02' }] }, TODAY)).toEqual({
      'itinerary[0].arriveDate': '行程须在出境与入境时间之间',
    });
    expect(checkApplication({ ...ok, departDate: '2026-03-01', itinerary: [] }, TODAY)).toEqual({ departDate: '出境时间不能早于今天' });
  });
  it('出访任务 is required for 公职人员出国 and for a sensitive destination', () => {
    expect(checkApplication({ ...ok, entry: '公职人员出国(赴港澳)' }, TODAY)).toEqual({ task: '请填写出访任务' });
    expect(checkApplication({ ...ok, destinationType: '敏感国家和地区' }, TODAY)).toEqual({ task: '请填写出访任务' });
    expect(checkApplication({ ...ok, destinationType: '敏感国家和地区', task: '探亲' }, TODAY)).toEqual({});
  });
});
