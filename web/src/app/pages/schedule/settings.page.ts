import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { PersonPickerComponent } from '../../shared/picker/person-picker.component';
import { ScheduleApi } from './schedule-api.service';

/** 共享与秘书: default sharing (忙闲/详情), the secretaries who keep my schedule, the iCalendar subscription. */
@Component({
  selector: 'oa-schedule-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, PersonPickerComponent],
  template: `
    <div class="page">
      <nav class="tabs" aria-label="日程导航"><a routerLink="/schedule">我的日程</a><a routerLink="/schedule/leaders">领导活动安排</a><a routerLink="/schedule/settings" class="on">共享与秘书</a></nav>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
      <section class="card">
        <h3>默认共享</h3>
        <ul class="plain">
          @for (s of shares(); track s.userId) {
            <li>{{ s.name }}
              <select class="input sm" [ngModel]="s.level" (ngModelChange)="setLevel(s.userId, $event)" [attr.aria-label]="s.name + ' 共享级别'"><option value="busy">忙闲</option><option value="full">详情</option></select>
              <button type="button" class="btn small" (click)="unshare(s.userId)">移除</button></li>
          }
          @if (shares().length === 0) { <li class="muted">未共享给任何人</li> }
        </ul>
        <oa-person-picker inputId="share-person" label="共享给" [(value)]="pick" (picked)="share($event)" />
      </section>
      <section class="card">
        <h3>秘书（代为维护我的日程）</h3>
        <ul class="plain">
          @for (s of secretaries(); track s.userId) { <li>{{ s.name }} <button type="button" class="btn small" (click)="revoke(s.userId)">取消</button></li> }
          @if (secretaries().length === 0) { <li class="muted">未指定</li> }
        </ul>
        <oa-person-picker inputId="secretary-person" label="指定秘书" [(value)]="pick2" (picked)="appoint($event)" />
        @if (kept().length) { <p class="muted">我代管的日程：@for (k of kept(); track k.userId) { <a [routerLink]="['/schedule']" [queryParams]="{ user: k.userId }">{{ k.name }}</a> } </p> }
      </section>
      <section class="card">
        <h3>iCalendar 订阅</h3>
        <p class="muted">生成个人订阅地址，可在手机或电脑日历中订阅（重新生成后旧地址失效）。</p>
        <button type="button" class="btn" (click)="feed()">生成订阅地址</button>
        @if (feedUrl()) { <div class="url" data-testid="feed-url">{{ feedUrl() }}</div> }
      </section>
    </div>
  `,
  styles: `
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; padding: 0 6px; margin-bottom: 12px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    section { margin-bottom: 12px; } .plain { list-style: none; padding: 0; } .plain li { display: flex; gap: 8px; align-items: center; padding: 4px 0; }
    .sm { width: auto; } .url { word-break: break-all; background: #fafbfc; padding: 8px; margin-top: 8px; font-family: monospace; }
  `,
})
export class ScheduleSettingsPage {
  private readonly api = inject(ScheduleApi);
  readonly shares = signal<{ userId: string; name: string; level: 'busy' | 'full' }[]>([]);
  readonly secretaries = signal<{ userId: string; name: string }[]>([]);
  readonly kept = signal<{ userId: string; name: string }[]>([]);
  readonly feedUrl = signal('');
  readonly error = signal('');
  readonly note = signal('');
  pick = '';
  pick2 = '';

  constructor() {
    void this.load();
  }

  async load() {
    try {
      const s = await this.api.settings();
      this.shares.set(s.shares);
      this.secretaries.set(s.secretaries);
      this.kept.set(s.kept);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  private async run(f: () => Promise<unknown>, ok: string) {
    this.error.set('');
    try {
      await f();
      this.note.set(ok);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  private save(list: { userId: string; level: 'busy' | 'full' }[]) {
    return this.run(() => this.api.setSharing(list.map(({ userId, level }) => ({ userId, level }))), '共享设置已保存');
  }
  share(p: { id: string } | null) {
    if (p && !this.shares().some((s) => s.userId === p.id)) void this.save([...this.shares(), { userId: p.id, level: 'busy' }]);
    this.pick = '';
  }
  setLevel(userId: string, level: 'busy' | 'full') {
    void this.save(this.shares().map((s) => (s.userId === userId ? { ...s, level } : s)));
  }
  unshare(userId: string) {
    void this.save(this.shares().filter((s) => s.userId !== userId));
  }
  appoint(p: { id: string } | null) {
    if (p) void this.run(() => this.api.appoint(p.id), '已指定秘书');
    this.pick2 = '';
  }
  revoke(id: string) {
    void this.run(() => this.api.revoke(id), '已取消秘书代管');
  }
  async feed() {
    try {
      const r = await this.api.feedToken();
      this.feedUrl.set(`${location.origin}${r.path}`);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
