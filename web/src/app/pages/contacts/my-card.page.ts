import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { problemMessage } from '../../core/problem';
import { ContactsApi } from './contacts-api.service';

type Card = { officePhone: string; mobile: string; email: string; room: string };

/** 我的信息: my office phone, room, and a mobile / email of my own when they differ from the org record. */
@Component({
  selector: 'oa-my-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h2>我的通讯录信息</h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
      <form class="form" (submit)="$event.preventDefault(); save()">
        <label class="field"><span>办公电话</span><input class="input" [value]="card().officePhone" (input)="set('officePhone', $any($event.target).value)" placeholder="如 0757-22361234 转 801" /></label>
        <label class="field"><span>手机（留空则使用人事登记的号码）</span><input class="input" inputmode="numeric" [value]="card().mobile" (input)="set('mobile', $any($event.target).value)" /></label>
        <label class="field"><span>电子邮箱（留空则使用登记的邮箱）</span><input class="input" type="email" [value]="card().email" (input)="set('email', $any($event.target).value)" /></label>
        <label class="field"><span>办公室</span><input class="input" [value]="card().room" (input)="set('room', $any($event.target).value)" /></label>
        <div><button class="btn primary" type="submit">保存</button></div>
      </form>
      <p class="muted small">手机号码仅在安全管理员设定的范围内向同事显示。</p>
    </section>
  `,
  styles: `
    .form { max-width: 480px; }
    .small { font-size: 12px; }
  `,
})
export class MyCardPage {
  private readonly api = inject(ContactsApi);
  readonly card = signal<Card>({ officePhone: '', mobile: '', email: '', room: '' });
  readonly error = signal('');
  readonly note = signal('');

  constructor() {
    void this.api.myCard().then(
      (c) => this.card.set({ officePhone: c.officePhone ?? '', mobile: c.mobile ?? '', email: c.email ?? '', room: c.room ?? '' }),
      (e) => this.error.set(problemMessage(e)),
    );
  }

  set(k: keyof Card, v: string): void {
    this.card.update((c) => ({ ...c, [k]: v }));
  }

  async save(): Promise<void> {
    this.error.set('');
    this.note.set('');
    try {
      await this.api.saveMyCard(this.card());
      this.note.set('已保存');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
