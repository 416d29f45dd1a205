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
  if (f.minLength !== undefined) v.push(Validators.minLength(f.minLength));
  if (f.maxLength !== undefined) v.push(Validators.maxLength(f.maxLength));
  if (f.pattern !== undefined) v.push(wholePattern(f.pattern));
  return v;
}

/** The whole value must match (as the server's `^(?:…)$`, domain/workflow/definition.ts compilePattern). */
function wholePattern(pattern: string): ValidatorFn {
  let re: RegExp | null = null;
  try {
    re = new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    re = null;
  }
  return (c) => {
    const v = c.value;
    if (v === null || v === undefined || v === '' || !re) return null;
    return re.test(String(v)) ? null : { pattern: true };
  };
}

/**
 * Cross-field rules of the definition (the same as the server's): a date may not precede the one it
 * names in `notBefore`, and `requiredIf` makes a field required while another field has a value.
 * Errors land on the field's own control, so the message shows under it.
 */
export function crossFieldValidator(fields: readonly FieldDef[]): ValidatorFn {
  return (g: AbstractControl): ValidationErrors | null => {
    const group = g as FormGroup;
    for (const f of fields) {
      const c = group.get(f.name);
      if (!c) continue;
      const own = { ...(c.errors ?? {}) };
      delete own['notBefore'];
      delete own['requiredIf'];
      const v = c.value;
      const empty = v === null || v === undefined || v === '';
      if (f.notBefore && !empty) {
        const other = group.get(f.notBefore)?.value;
        if (other && String(v) < String(other)) own['notBefore'] = fields.find((x) => x.name === f.notBefore)?.label ?? f.notBefore;
      }
      if (f.requiredIf && empty && !f.required) {
        const other = group.get(f.requiredIf.field)?.value;
        const equals = f.requiredIf.equals;
        const hit = typeof equals === 'number' ? other !== '' && Number(other) === equals : other === equals;
        if (hit) own['requiredIf'] = { label: fields.find((x) => x.name === f.requiredIf!.field)?.label ?? f.requiredIf.field, equals };
      }
      const next = Object.keys(own).length ? own : null;
      if (JSON.stringify(next) !== JSON.stringify(c.errors)) c.setErrors(next);
    }
    return null;
  };
}

/** The Chinese message for a control's first error ('' when valid). */
export function errorMessage(f: FieldDef, errors: ValidationErrors | null | undefined): string {
  if (!errors) return '';
  const label = f.label || f.name;
  if (errors['required']) return f.type === 'select' ? `请选择${label}` : `请填写${label}`;
  if (errors['min']) return `${label}不能小于 ${f.type === 'money' ? fenToYuan(f.min ?? 0) + ' 元' : errors['min'].min}`;
  if (errors['max']) return `${label}不能大于 ${f.type === 'money' ? fenToYuan(f.max ?? 0) + ' 元' : errors['max'].max}`;
  if (errors['minlength']) return `${label}不能少于 ${errors['minlength'].requiredLength} 个字`;
  if (errors['maxlength']) return `${label}不能超过 ${errors['maxlength'].requiredLength} 个字`;
  if (errors['pattern']) return `${label}格式不正确`;
  if (errors['notBefore']) return `${label}不能早于${String(errors['notBefore'])}`;
  if (errors['requiredIf']) return `${errors['requiredIf'].label}为“${String(errors['requiredIf'].equals)}”时须填写${label}`;
  if (errors['money']) return `${label}请填写金额（元，最多两位小数）`;
  if (errors['server']) return String(errors['server']);
  return `${label}格式不正确`;
}

/** The definition's rules in words, shown under the input (范围 0.5–365、不早于开始日期 …). */
export function ruleHint(f: FieldDef, all: readonly FieldDef[] = []): string {
  const parts: string[] = [];
  const n = (x: number) => (f.type === 'money' ? `${fenToYuan(x)} 元` : String(x));
  if (f.min !== undefined && f.max !== undefined) parts.push(`范围 ${n(f.min)}–${n(f.max)}`);
  else if (f.min !== undefined) parts.push(`不小于 ${n(f.min)}`);
  else if (f.max !== undefined) parts.push(`不大于 ${n(f.max)}`);
  if (f.minLength !== undefined && f.maxLength !== undefined) parts.push(`${f.minLength}–${f.maxLength} 个字`);
  else if (f.minLength !== undefined) parts.push(`至少 ${f.minLength} 个字`);
  else if (f.maxLength !== undefined) parts.push(`至多 ${f.maxLength} 个字`);
  if (f.notBefore) parts.push(`不早于${all.find((x) => x.name === f.notBefore)?.label ?? f.notBefore}`);
  if (f.requiredIf)
    parts.push(`${all.find((x) => x.name === f.requiredIf!.field)?.label ?? f.requiredIf.field}为“${String(f.requiredIf.equals)}”时必填`);
  return parts.join('；');
}

export function buildForm(fields: readonly FieldDef[], values: Record<string, unknown> = {}): FormGroup {
  const controls: Record<string, FormControl> = {};
  for (const f of fields) {
    let v = values[f.name];
    if (f.type === 'money' && typeof v === 'number') v = fenToYuan(v);
    if (v === undefined) v = f.type === 'checkbox' ? false : '';
    controls[f.name] = new FormControl(v, validatorsFor(f));
  }
  return new FormGroup(controls, { validators: crossFieldValidator(fields) });
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
