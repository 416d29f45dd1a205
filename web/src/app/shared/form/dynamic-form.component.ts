import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { FieldDef } from '../../core/models';
import { displayValue, errorMessage, fieldLabel, ruleHint } from './form-model';

/** A form rendered from a process definition's field list; read-only fields show their value. */
@Component({
  selector: 'oa-dynamic-form',
  changeDetection: ChangeDetectionStrategy.Default,
  imports: [ReactiveFormsModule],
  template: `
    <div class="grid" [formGroup]="form()">
      @for (f of fields(); track f.name) {
        @let c = form().get(f.name);
        @let bad = !!c && c.invalid && (c.touched || submitted());
        <div class="field" [class.invalid]="bad" [class.wide]="f.type === 'textarea'">
          <label [attr.for]="'f-' + f.name">{{ label(f) }}@if (f.required && !isReadonly(f)) {<span class="req">*</span>}</label>
          @if (isReadonly(f)) {
            <div class="ro" [attr.id]="'f-' + f.name">{{ show(f) }}</div>
          } @else {
            @switch (f.type) {
              @case ('textarea') { <textarea [id]="'f-' + f.name" [formControlName]="f.name" [placeholder]="f.placeholder"></textarea> }
              @case ('select') {
                <select [id]="'f-' + f.name" [formControlName]="f.name">
                  <option value="">请选择</option>
                  @for (o of f.options; track o.value) { <option [value]="o.value">{{ o.label }}</option> }
                </select>
              }
              @case ('checkbox') { <input type="checkbox" [id]="'f-' + f.name" [formControlName]="f.name" class="cb" /> }
              @case ('number') { <input type="number" inputmode="decimal" [attr.min]="f.min ?? null" [attr.max]="f.max ?? null" [id]="'f-' + f.name" [formControlName]="f.name" [placeholder]="f.placeholder" /> }
              @case ('money') { <input type="text" inputmode="decimal" [id]="'f-' + f.name" [formControlName]="f.name" [placeholder]="moneyPlaceholder(f)" /> }
              @case ('date') { <input type="date" [id]="'f-' + f.name" [formControlName]="f.name" /> }
              @case ('datetime') { <input type="datetime-local" [id]="'f-' + f.name" [formControlName]="f.name" /> }
              @default { <input type="text" [id]="'f-' + f.name" [formControlName]="f.name" [placeholder]="f.placeholder" /> }
            }
            @if (bad) { <div class="err" role="alert">{{ message(f) }}</div> } @else if (hint(f)) { <div class="hint muted" [attr.data-testid]="'hint-' + f.name">{{ hint(f) }}</div> }
          }
        </div>
      }
    </div>
  `,
  styles: `
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); column-gap: 16px; }
    .wide { grid-column: 1 / -1; }
    .ro { padding: 7px 10px; background: #f7f8fa; border-radius: 6px; min-height: 38px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .hint { font-size: 12px; margin-top: 2px; }
    .cb { width: 20px; height: 20px; min-height: 0; }
  `,
})
export class DynamicFormComponent {
  readonly fields = input.required<FieldDef[]>();
  readonly form = input.required<FormGroup>();
  /** null = all editable; otherwise only these field names are editable, the rest read-only. */
  readonly editable = input<string[] | null>(null);
  readonly values = input<Record<string, unknown>>({});
  readonly submitted = input(false);

  isReadonly(f: FieldDef): boolean {
    const e = this.editable();
    return e !== null && !e.includes(f.name);
  }
  label(f: FieldDef): string {
    return fieldLabel(f);
  }
  moneyPlaceholder(f: FieldDef): string {
    return f.placeholder && !/分/.test(f.placeholder) ? f.placeholder : '单位：元，如 1280.50';
  }
  show(f: FieldDef): string {
    return displayValue(f, this.values()[f.name]);
  }
  hint(f: FieldDef): string {
    return ruleHint(f, this.fields());
  }
  message(f: FieldDef): string {
    return errorMessage(f, this.form().get(f.name)?.errors);
  }
}
