import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Opinion } from '../../core/models';
import { isNotBuilt, problemMessage } from '../../core/problem';
import { WorkflowApi } from '../../core/workflow-api.service';

/** 常用意见: list (most used first), add, edit, delete. */
@Component({
  selector: 'oa-opinions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <div class="card">
      <h2>常用意见</h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (available()) {
        <form class="toolbar" (ngSubmit)="add()">
          <input class="input grow" name="text" [(ngModel)]="text" maxlength="200" placeholder="例如：同意，请按程序办理。" data-testid="opinion-input" />
          <button class="btn primary" type="submit" [disabled]="busy()">添加</button>
        </form>
        @if (items().length) {
          <ul class="ops">
            @for (o of items(); track o.id) {
              <li>
                @if (editing() === o.id) {
                  <input class="input grow" [(ngModel)]="editText" [ngModelOptions]="{ standalone: true }" maxlength="200" />
                  <button class="btn small primary" (click)="save(o)">保存</button>
                  <button class="btn small" (click)="editing.set(null)">取消</button>
                } @else if (o.preset) {
                  <span class="grow txt">{{ o.text }}</span>
                  <span class="muted small" data-testid="opinion-preset">系统预置（添加自己的常用意见后由其取代）</span>
                } @else {
                  <span class="grow txt">{{ o.text }}</span>
                  <span class="muted small">已用 {{ o.useCount }} 次</span>
                  <button class="btn small" (click)="edit(o)">编辑</button>
                  <button class="btn small danger" (click)="remove(o)">删除</button>
                }
              </li>
            }
          </ul>
        } @else { <div class="empty">还没有常用意见，添加后可在办理时一键选用</div> }
      } @else { <div class="empty">常用意见服务尚未开通</div> }
    </div>
  `,
  styles: `
    .grow { flex: 1; min-width: 0; width: auto; }
    .ops { list-style: none; padding: 0; margin: 0; }
    .ops li { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 8px 0; border-bottom: 1px solid var(--oa-border); }
    .txt { overflow-wrap: anywhere; }
    .small { font-size: 12px; }
  `,
})
export class OpinionsPage {
  private readonly api = inject(WorkflowApi);
  readonly items = signal<Opinion[]>([]);
  readonly available = signal(true);
  readonly error = signal('');
  readonly busy = signal(false);
  readonly editing = signal<string | null>(null);
  text = '';
  editText = '';

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.items.set(await this.api.opinions());
    } catch (e) {
      if (isNotBuilt(e)) this.available.set(false);
      else this.error.set(problemMessage(e));
    }
  }

  private async run(f: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await f();
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }

  add(): void {
    const t = this.text.trim();
    if (!t) {
      this.error.set('请输入意见内容');
      return;
    }
    void this.run(async () => {
      await this.api.addOpinion(t);
      this.text = '';
    });
  }
  edit(o: Opinion): void {
    this.editText = o.text;
    this.editing.set(o.id);
  }
  save(o: Opinion): void {
    const t = this.editText.trim();
    if (!t) return;
    void this.run(async () => {
      await this.api.updateOpinion(o.id, t);
      this.editing.set(null);
    });
  }
  remove(o: Opinion): void {
    if (typeof confirm === 'function' && !confirm(`删除常用意见“${o.text}”？`)) return;
    void this.run(() => this.api.deleteOpinion(o.id));
  }
}
