import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { AnnouncementsApi, CATEGORIES } from './announcements-api.service';

/** 起草 / 修改: title, category, body; then the notice page (附件, 送审). */
@Component({
  selector: 'oa-announcement-edit',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="card">
      <h2>{{ id ? '修改通知公告' : '起草通知公告' }}</h2>
      @if (error()) { <div class="alert" role="alert" data-testid="ann-error">{{ error() }}</div> }
      <form (submit)="$event.preventDefault(); save()">
        <div class="row">
          <label class="field grow"><span>标题</span>
            <input class="input" maxlength="100" [value]="title()" (input)="title.set($any($event.target).value)" required data-testid="ann-title" />
          </label>
          <label class="field"><span>类别</span>
            <select class="input" [value]="category()" (change)="category.set($any($event.target).value)" data-testid="ann-category">
              @for (c of categories; track c) { <option [value]="c">{{ c }}</option> }
            </select>
          </label>
        </div>
        <label class="field"><span>正文</span>
          <textarea class="input body" rows="12" maxlength="20000" [value]="body()" (input)="body.set($any($event.target).value)" data-testid="ann-body"></textarea>
          <span class="muted small">图片和附件在保存后于通知页面上传；图片显示在正文下方。</span>
        </label>
        <div class="actions">
          <button class="btn primary" type="submit" [disabled]="busy()" data-testid="ann-save">保存</button>
          <a class="btn" [routerLink]="id ? ['/announcements', id] : ['/announcements/manage']">取消</a>
        </div>
      </form>
    </section>
  `,
  styles: `
    .row { display: flex; gap: 12px; flex-wrap: wrap; }
    .grow { flex: 1 1 300px; }
    .body { min-height: 220px; resize: vertical; }
    .actions { display: flex; gap: 8px; }
    .small { font-size: 12px; }
  `,
})
export class AnnouncementEditPage {
  private readonly api = inject(AnnouncementsApi);
  private readonly router = inject(Router);
  readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id');
  readonly categories = CATEGORIES;
  readonly title = signal('');
  readonly category = signal<string>('通知');
  readonly body = signal('');
  readonly busy = signal(false);
  readonly error = signal('');

  constructor() {
    if (this.id)
      void this.api.get(this.id).then(
        (v) => {
          this.title.set(v.title);
          this.category.set(v.category);
          this.body.set(v.body);
        },
        (e) => this.error.set(problemMessage(e)),
      );
  }

  async save(): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    const dto = { title: this.title(), category: this.category(), body: this.body() };
    try {
      if (this.id) {
        await this.api.edit(this.id, dto);
        await this.router.navigate(['/announcements', this.id]);
      } else {
        const r = await this.api.draft(dto);
        await this.router.navigate(['/announcements', r.id]);
      }
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
