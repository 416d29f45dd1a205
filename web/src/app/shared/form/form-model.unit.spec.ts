import { describe, expect, it } from 'vitest';
import { FieldDef } from '../../core/models';
import { buildForm, displayValue, errorMessage, fieldLabel, toPayload } from './form-model';

const f = (over: Partial<FieldDef>): FieldDef => ({
  name: 'x',
  label: 'X',
  type: 'text',
  required: false,
  options: [],
  placeholder: '',
  ...over,
});
const fields: FieldDef[] = [
  f({ name: 'reason', label: '事由', required: true }),
  f({ name: 'days', label: '天数', type: 'number', required: true, min: 1, max: 30 }),
  f({ name: 'amount', label: '金额', type: 'money', min: 100 }),
  f({ name: 'kind', label: '类别', type: 'select', required: true, options: [{ value: 'sick', label: '病假' }] }),
  f({ name: 'urgent', label: '加急', type: 'checkbox' }),
];

describe('dynamic form model', () => {
  it('shows the definition constraints: pattern, length, date order, required-if (as the server checks them)', () => {
    const cf: FieldDef[] = [
      f({ name: 'kind', label: '类别', type: 'select', required: true, options: [{ value: '因公', label: '因公' }] }),
      f({ name: 'phone', label: '电话', pattern: '1\\d{10}' }),
      f({ name: 'reason', label: '事由', minLength: 2 }),
      f({ name: 'startDate', label: '开始日期', type: 'date' }),
      f({ name: 'endDate', label: '结束日期', type: 'date', notBefore: 'startDate' }),
      f({ name: 'no', label: '批件号', requiredIf: { field: 'kind', equals: '因公' } }),
    ];
    const form = buildForm(cf);
    form.patchValue({ phone: '1380013800x', reason: '短', startDate: '2026-03-05', endDate: '2026-03-04', kind: '因公' });
    expect(errorMessage(cf[1], form.get('phone')!.errors)).toBe('电话格式不正确');
    expect(errorMessage(cf[2], form.get('reason')!.errors)).toBe('事由不能少于 2 个字');
    expect(errorMessage(cf[4], form.get('endDate')!.errors)).toBe('结束日期不能早于开始日期');
    expect(errorMessage(cf[5], form.get('no')!.errors)).toBe('类别为“因公”时须填写批件号');
    form.patchValue({ phone: '13800138000', reason: '出访', endDate: '2026-03-05', no: '外批1号' });
    expect(form.valid).toBe(true);
    form.patchValue({ startDate: '2026-03-06' });
    expect(form.get('endDate')!.errors).toEqual({ notBefore: '开始日期' });
  });

  it('is invalid until required fields are filled, with Chinese messages', () => {
    const form = buildForm(fields);
    expect(form.invalid).toBe(true);
    expect(errorMessage(fields[0], form.get('reason')!.errors)).toBe('请填写事由');
    expect(errorMessage(fields[3], form.get('kind')!.errors)).toBe('请选择类别');
    form.patchValue({ reason: '看病', days: 0, kind: 'sick' });
    expect(errorMessage(fields[1], form.get('days')!.errors)).toBe('天数不能小于 1');
    form.patchValue({ days: 31 });
    expect(errorMessage(fields[1], form.get('days')!.errors)).toBe('天数不能大于 30');
    form.patchValue({ days: 2 });
    expect(form.valid).toBe(true);
  });

  it('money: entered in 元, min given in 分, two decimals at most', () => {
    const form = buildForm(fields, { reason: 'r', days: 1, kind: 'sick' });
    form.patchValue({ amount: '0.5' });
    expect(errorMessage(fields[2], form.get('amount')!.errors)).toBe('金额不能小于 1.00 元');
    form.patchValue({ amount: '12.345' });
    expect(errorMessage(fields[2], form.get('amount')!.errors)).toContain('最多两位小数');
    form.patchValue({ amount: '12.34' });
    expect(form.get('amount')!.valid).toBe(true);
  });

  it('payload: numbers as numbers, money in integer fen, empty optional fields left out', () => {
    expect(toPayload(fields, { reason: ' 看病 ', days: '2', amount: '12.34', kind: 'sick', urgent: false })).toEqual({
      reason: '看病',
      days: 2,
      amount: 1234,
      kind: 'sick',
      urgent: false,
    });
    expect(toPayload(fields, { reason: 'r', days: 1, amount: '', kind: 'sick', urgent: true })).toEqual({
      reason: 'r',
      days: 1,
      kind: 'sick',
      urgent: true,
    });
    expect(toPayload(fields, { amount: '0.1' })['amount']).toBe(10); // no float drift
  });

  it('shows stored values read-only: fen as 元, select labels, booleans', () => {
    expect(displayValue(fields[2], 123456)).toBe('1234.56 元');
    expect(displayValue(fields[3], 'sick')).toBe('病假');
    expect(displayValue(fields[4], true)).toBe('是');
    expect(displayValue(fields[0], '')).toBe('—');
    expect(buildForm(fields, { amount: 1234 }).get('amount')!.value).toBe('12.34');
  });
});

describe('money labels (issue 13: 通用审批 said 金额（分） over a field that takes 元)', () => {
  it('a money field is labelled in 元 whatever unit the definition named; 1280.50 元 travels as 128050 分', () => {
    expect(fieldLabel(f({ label: '金额（分）', type: 'money' }))).toBe('金额（元）');
    expect(fieldLabel(f({ label: '金额(分)', type: 'money' }))).toBe('金额（元）');
    expect(fieldLabel(f({ label: '报销金额', type: 'money' }))).toBe('报销金额（元）');
    expect(fieldLabel(f({ label: '天数', type: 'number' }))).toBe('天数');
    const amount = f({ name: 'amount', label: '金额（分）', type: 'money' });
    expect(toPayload([amount], { amount: '1280.50' })).toEqual({ amount: 128050 });
  });
});
