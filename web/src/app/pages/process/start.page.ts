import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormGroup } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ProcessDefinition } from '../../core/models';
import { isNotBuilt, problemMessage, toProblem } from '../../core/problem';
import { WorkflowApi } from '../../core/workflow-api.service';
import { DynamicFormComponent } from '../../shared/form/dynamic-form.component';
import { buildForm, toPayload } from '../../shared/form/form-model';

/** Start a process: the definition's field list rendered as a form, validated, then POST /api/processes. */
@Component({
  selector: 'oa-start',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DynamicFormComponent, RouterLink],
  template: `
    <div class="page">
      <div class="card">
        @if (def(); as d) {
          <h1>{{ d.name }}</h1>
          @if (!d.startable) {
            <div class="empty" data-testid="start-elsewhere">
              {{ d.name }}随公文稿一起发起，请从「公文 → 拟稿」开始。
              <div class="toolbar end"><a routerLink="/documents/outgoing/new" class="btn primary">去拟稿</a></div>
            </div>
          } @else {
          <form (submit)="$event.preventDefault(); submit()" novalidate>
            @if (error()) { <div class="alert" role="alert" data-testid="start-error">{{ error() }}</div> }
            <oa-dynamic-form [fields]="d.fields" [form]="form()" [submitted]="submitted()" />
            @if (d.fields.length === 0) { <p class="muted">该流程无需填写表单。</p> }
            <div class="toolbar end">
              <a routerLink="/home" class="btn">取消</a>
              <button type="submit" class="btn primary" [disabled]="busy()" data-testid="start-submit">提交</button>
            </div>
          </form>
          }
        } @else {
          <div class="empty">{{ empty() }}</div>
        }
      </div>
    </div>
  `,
  styles: `.end { justify-content: flex-end; margin: 8px 0 0; }`,
})
export class StartPage {
  private readonly api = inject(WorkflowApi);
  private readonly router = inject(Router);
  readonly key = input<string>('');
  readonly def = signal<ProcessDefinition | null>(null);
  readonly form = signal<FormGroup>(new FormGroup({}));
  readonly empty = signal('正在加载…');
  readonly error = signal('');
  readonly submitted = signal(false);
  readonly busy = signal(false);

  constructor() {
    effect(() => {
      const key = this.key();
      untracked(() => void this.load(key));
    });
  }

  private async load(key: string): Promise<void> {
    try {
      const d = await this.api.definition(key);
      if (!d) {
        this.empty.set('该流程不存在或已停用');
        return;
      }
      this.form.set(buildForm(d.fields));
      this.def.set(d);
    } catch (e) {
      this.empty.set(isNotBuilt(e) ? '流程服务尚未开通' : problemMessage(e));
    }
  }

  async submit(): Promise<void> {
    const d = this.def();
    if (!d) return;
    this.submitted.set(true);
    const form = this.form();
    form.markAllAsTouched();
    if (form.invalid) {
      this.error.set('请按提示修改表单后再提交');
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      const id = await this.api.start(d.key, toPayload(d.fields, form.getRawValue()));
      await this.router.navigate(id ? ['/processes', id] : ['/inbox'], id ? {} : { queryParams: { box: 'mine' } });
    } catch (e) {
      // Field errors from the server land on their controls (errors[].field is 'form.days' or 'days').
      for (const fe of toProblem(e).errors) {
        const c = form.get(fe.field.replace(/^form\./, ''));
        c?.setErrors({ server: fe.message });
      }
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
