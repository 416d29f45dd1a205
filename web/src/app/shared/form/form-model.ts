import { AbstractControl, FormControl, FormGroup, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import { FieldDef } from '../../core/models';

/** Money is entered in 元 (two decimals) and travels as integer 分. */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);
export const fenToYuan = (fen: number): string => (fen / 100).toFixed(2);

const moneyPattern: ValidatorFn = (c: AbstractControl): ValidationErrors | null => {
  const v = c.value;
  if (v === null || v === undefined || v === '') return null;
  return /^\d+(\.\d{1,2})?$/.test(String(v)) ? null : { money: true };
};

export function validatorsFor(f: FieldDef): ValidatorFn[] {
  const v: ValidatorFn[] = [];
  if (f.required) v.push(f.type === 'checkbox' ? Validators.requiredTrue : Validators.required);
  if (f.type === 'number' || f.type === 'money') {
    if (f.min !== undefined) v.push(Validators.min(f.type === 'money' ? f.min / 100 : f.min));
    if (f.max !== undefined) v.push(Validators.max(f.type === 'money' ? f.max / 100 : f.max));
  }
  if (f.type === 'money') v.push(moneyPattern);
  if (f.maxLength !== undefined) v.push(Validators.maxLength(f.maxLength));
  return v;
}

/** The Chinese message for a control's first error ('' when valid). */
export function errorMessage(f: FieldDef, errors: ValidationErrors | null | undefined): string {
  if (!errors) return '';
  const label = f.label || f.name;
  if (errors['required']) return f.type === 'select' ? `请选择${label}` : `请填写${label}`;
  if (errors['min']) return `${label}不能小于 ${f.type === 'money' ? fenToYuan(f.min ?? 0) + ' 元' : errors['min'].min}`;
  if (errors['max']) return `${label}不能大于 ${f.type === 'money' ? fenToYuan(f.max ?? 0) + ' 元' : errors['max'].max}`;
  if (errors['maxlength']) return `${label}不能超过 ${errors['maxlength'].requiredLength} 个字`;
  if (errors['money']) return `${label}请填写金额（元，最多两位小数）`;
  if (errors['server']) return String(errors['server']);
  return `${label}格式不正确`;
}

export function buildForm(fields: readonly FieldDef[], values: Record<string, unknown> = {}): FormGroup {
  const controls: Record<string, FormControl> = {};
  for (const f of fields) {
    let v = values[f.name];
    if (f.type === 'money' && typeof v === 'number') v = fenToYuan(v);
    if (v === undefined) v = f.type === 'checkbox' ? false : '';
    controls[f.name] = new FormControl(v, validatorsFor(f));
  }
  return new FormGroup(controls);
}

/** Form values → the API's form payload: numbers as numbers, money in fen, empty optional fields left out. */
export function toPayload(fields: readonly FieldDef[], raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = raw[f.name];
    if (f.type === 'checkbox') {
      out[f.name] = v === true;
      continue;
    }
    if (v === null || v === undefined || v === '') continue;
    if (f.type === 'number') out[f.name] = Number(v);
    else if (f.type === 'money') out[f.name] = yuanToFen(Number(v));
    else out[f.name] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/**
 * A field's label as shown. Money is entered and shown in 元 (stored in 分): whatever unit the
 * definition's label names, the screen says （元）.
 */
export function fieldLabel(f: FieldDef): string {
  if (f.type !== 'money') return f.label;
  return `${f.label.replace(/\s*[（(]\s*(分|元|人民币元)\s*[)）]\s*$/, '')}（元）`;
}

/** A value as shown read-only (select labels, money in 元, booleans in words). */
export function displayValue(f: FieldDef | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (!f) return typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (f.type === 'money' && typeof v === 'number') return `${fenToYuan(v)} 元`;
  if (f.type === 'checkbox') return v === true ? '是' : '否';
  if (f.type === 'select') return f.options.find((o) => o.value === String(v))?.label ?? String(v);
  return String(v);
}
