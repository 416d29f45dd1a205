/**
 * Form field constraints (contract B): checked on publish (they fit the field types and refer to
 * existing fields), on start and on resubmit (FORM_INVALID, field `form.<name>`, a Chinese message
 * naming the label and the rule).
 */
import { describe, expect, it } from 'vitest';
import { validateDefinition, validateForm, type FormField, type ProcessDefinitionBody } from './definition';
import { simpleApprovalDefinition } from './samples';
import { APPLICANT, Flow, approval, chain, md, snapshot } from './spec-support';

const FIELDS: FormField[] = [
  { name: 'kind', label: '类别', type: 'enum', required: true, options: ['因公', '因私'] },
  { name: 'days', label: '天数', type: 'number', required: true, min: 0.5, max: 365 },
  { name: 'amount', label: '金额', type: 'money', min: 100, max: 1_000_000 },
  { name: 'startDate', label: '开始日期', type: 'date', required: true },
  { name: 'endDate', label: '结束日期', type: 'date', required: true, notBefore: 'startDate' },
  { name: 'phone', label: '联系电话', type: 'string', pattern: '1\\d{10}' },
  { name: 'reason', label: '事由', type: 'text', minLength: 2, maxLength: 10 },
  { name: 'approvalNo', label: '批件号', type: 'string', requiredIf: { field: 'kind', equals: '因公' } },
];
const OK = { kind: '因私', days: 2, startDate: '2026-03-02', endDate: '2026-03-03' };
const errorsOf = (form: Record<string, unknown>) => validateForm(FIELDS, form);
const def = (formFields: FormField[]): ProcessDefinitionBody => ({ ...chain('constrained', [approval('a')]), formFields });

describe('validateForm with constraints', () => {
  it('Given days min 0.5 max 365, When -3, 0 or 1e300, Then form.days with the label and the bound', () => {
    expect(errorsOf(OK)).toEqual([]);
    expect(errorsOf({ ...OK, days: -3 })).toEqual([{ field: 'form.days', message: '“天数”不能小于 0.5' }]);
    expect(errorsOf({ ...OK, days: 0 })).toEqual([{ field: 'form.days', message: '“天数”不能小于 0.5' }]);
    expect(errorsOf({ ...OK, days: 1e300 })).toEqual([{ field: 'form.days', message: '“天数”不能大于 365' }]);
    expect(errorsOf({ ...OK, days: 365 })).toEqual([]);
  });

  it('Given money bounds in fen, Then the message shows 元', () => {
    expect(errorsOf({ ...OK, amount: 99 })).toEqual([{ field: 'form.amount', message: '“金额”不能小于 1.00 元' }]);
    expect(errorsOf({ ...OK, amount: 1_000_001 })).toEqual([{ field: 'form.amount', message: '“金额”不能大于 10000.00 元' }]);
  });

  it('Given an end date before the start date, Then form.endDate names both labels', () => {
    expect(errorsOf({ ...OK, endDate: '2026-03-01' })).toEqual([{ field: 'form.endDate', message: '“结束日期”不能早于“开始日期”' }]);
    expect(errorsOf({ ...OK, endDate: '2026-03-02' })).toEqual([]);
    // an invalid start date is reported once, not also as an order error
    expect(errorsOf({ ...OK, startDate: 'x' }).map((e) => e.field)).toEqual(['form.startDate']);
  });

  it('Given a pattern and length bounds, Then the whole value must match', () => {
    expect(errorsOf({ ...OK, phone: '13800138000' })).toEqual([]);
    expect(errorsOf({ ...OK, phone: '13800138000x' })).toEqual([{ field: 'form.phone', message: '“联系电话”格式不正确' }]);
    expect(errorsOf({ ...OK, reason: '短' })).toEqual([{ field: 'form.reason', message: '“事由”不能少于 2 个字' }]);
    expect(errorsOf({ ...OK, reason: '一二三四五六七八九十一' })).toEqual([{ field: 'form.reason', message: '“事由”不能超过 10 个字' }]);
  });

  it('Given requiredIf kind = 因公, Then the field is required only then', () => {
    expect(errorsOf({ ...OK, kind: '因公' })).toEqual([{ field: 'form.approvalNo', message: '“类别”为“因公”时须填写“批件号”' }]);
    expect(errorsOf({ ...OK, kind: '因公', approvalNo: '外批〔2026〕1号' })).toEqual([]);
  });
});

describe('publish-time checks of constraints', () => {
  const fieldsOf = (formFields: FormField[]) => validateDefinition(def(formFields)).map((e) => e.field);
  it('accepts the constrained samples and a well-formed set', () => {
    expect(validateDefinition(simpleApprovalDefinition())).toEqual([]);
    expect(validateDefinition(def(FIELDS))).toEqual([]);
  });
  it('refuses constraints that do not fit the field type', () => {
    expect(fieldsOf([{ name: 'a', label: 'A', type: 'string', min: 1 }])).toEqual(['formFields[0].min']);
    expect(fieldsOf([{ name: 'a', label: 'A', type: 'number', maxLength: 3 }])).toEqual(['formFields[0].maxLength']);
    expect(fieldsOf([{ name: 'a', label: 'A', type: 'number', pattern: '\\d+' }])).toEqual(['formFields[0].pattern']);
    expect(fieldsOf([{ name: 'a', label: 'A', type: 'string', pattern: '(' }])).toEqual(['formFields[0].pattern']);
    expect(fieldsOf([{ name: 'a', label: 'A', type: 'number', min: 5, max: 1 }])).toEqual(['formFields[0].max']);
    expect(fieldsOf([{ name: 'a', label: 'A', type: 'money', min: 0.5 }])).toEqual(['formFields[0].min']);
    expect(fieldsOf([{ name: 'a', label: 'A', type: 'number', max: Infinity }])).toEqual(['formFields[0].max']);
  });
  it('refuses references to missing or mistyped fields', () => {
    expect(fieldsOf([{ name: 'end', label: '结束', type: 'date', notBefore: 'start' }])).toEqual(['formFields[0].notBefore']);
    expect(
      fieldsOf([
        { name: 'start', label: '开始', type: 'string' },
        { name: 'end', label: '结束', type: 'date', notBefore: 'start' },
      ]),
    ).toEqual(['formFields[1].notBefore']);
    expect(fieldsOf([{ name: 'x', label: 'X', type: 'string', requiredIf: { field: 'ghost', equals: 'y' } }])).toEqual([
      'formFields[0].requiredIf.field',
    ]);
    expect(
      fieldsOf([
        { name: 'k', label: 'K', type: 'enum', options: ['a'] },
        { name: 'x', label: 'X', type: 'string', requiredIf: { field: 'k', equals: 'b' } },
        { name: 'y', label: 'Y', type: 'string', requiredIf: { field: 'k', equals: 1 } },
      ]),
    ).toEqual(['formFields[1].requiredIf.equals', 'formFields[2].requiredIf.equals']);
  });
});

describe('the engine validates constraints on start and resubmit', () => {
  const constrained = () => def([{ name: 'days', label: '天数', type: 'number', required: true, min: 0.5, max: 365 }]);
  it('Given days min 0.5, When StartProcess with -3, Then refused FORM_INVALID on form.days and nothing is appended', () => {
    const f = new Flow();
    for (const days of [-3, 0, 1e300]) {
      expect(
        f.refused({
          type: 'StartProcess',
          metadata: md('drafter'),
          data: {
            instanceId: 'p1',
            definition: snapshot(constrained()),
            form: { days },
            applicant: APPLICANT,
            assignments: { a: ['lead'] },
          },
        }),
      ).toMatchObject({ kind: 'invalid', code: 'FORM_INVALID', field: 'form.days' });
    }
    expect(f.state.status).toBe('none');
  });
  it('Given a returned process, When resubmitted with days 0, Then refused; with 2, Then it continues', () => {
    const f = new Flow();
    f.start(constrained(), { a: ['lead'] });
    f.when({ type: 'ReturnTask', metadata: md('lead'), data: { taskId: f.taskOf('lead'), toNodeId: 'drafter', opinion: '请改' } });
    expect(f.refused({ type: 'Resubmit', metadata: md('drafter'), data: { form: { days: 0 } } })).toMatchObject({
      code: 'FORM_INVALID',
      field: 'form.days',
      message: '“天数”不能小于 0.5',
    });
    expect(f.when({ type: 'Resubmit', metadata: md('drafter'), data: { form: { days: 2 } } })[0].type).toBe('ProcessResubmitted');
  });
});
