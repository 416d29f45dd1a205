import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { problemMessage } from '../../core/problem';
import { ContactsApi, PersonalContact, saveBlob } from './contacts-api.service';

type Form = { name: string; organisation: string; title: string; mobile: string; phone: string; email: string; note: string };
const EMPTY: Form = { name: '', organisation: '', title: '', mobile: '', phone: '', email: '', note: '' };
const FIELDS: [keyof Form, string][] = [
  ['name', '姓名'],
  ['organisation', '单位'],
  ['title', '职务'],
  ['mobile', '手机'],
  ['phone', '电话'],
  ['email', '电子邮箱'],
  ['note', '备注'],
];

/** 个人通讯录: my own contacts (only I see them) — search, add, edit, delete, vCard. */
@Component({
  selector: 'oa-personal-contacts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h2>个人通讯录 <button class="btn small primary" type="button" (click)="edit(null)">添加联系人</button></h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (editing() !== undefined) {
        <form class="form" (submit)="$event.preventDefault(); save()">
          @for (f of fields; track f[0]) {
            <label class="field"><span>{{ f[1] }}</span><input class="input" [value]="form()[f[0]]" (input)="set(f[0], $any($event.target).value)" /></label>
          }
          <div class="actions"><button class="btn primary" type="submit">保存</button><button class="btn" type="button" (click)="editing.set(undefined)">取消</button></div>
        </form>
      }
      <input class="input" type="search" placeholder="姓名、拼音首字母、单位或电话" [value]="q()" (input)="q.set($any($event.target).value); load()" aria-label="搜索个人通讯录" />
      <ul class="rows">
        @for (c of items(); track c.contactId) {
          <li>
            <div><strong>{{ c.name }}</strong> <span class="muted">{{ c.organisation }} {{ c.title }}</span></div>
            <div class="small">
              @if (c.mobile) { <a [href]="'tel:' + c.mobile">{{ c.mobile }}</a> }
              @if (c.phone) { <a [href]="'tel:' + c.phone">{{ c.phone }}</a> }
              @if (c.email) { <a [href]="'mailto:' + c.email">{{ c.email }}</a> }
              @if (c.note) { <span class="muted">{{ c.note }}</span> }
            </div>
            <div class="ops">
              <button class="btn small" type="button" (click)="edit(c)">修改</button>
              <button class="btn small" type="button" (click)="vcard(c)">名片</button>
              <button class="btn small danger" type="button" (click)="remove(c)">删除</button>
            </div>
          </li>
        } @empty { <li class="empty">暂无个人联系人</li> }
      </ul>
      <div class="muted small">共 {{ total() }} 人</div>
    </section>
  `,
  styles: `
    .form { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 0 12px; margin-bottom: 12px; }
    .actions { display: flex; gap: 8px; align-items: end; margin-bottom: 14px; }
    .rows { list-style: none; margin: 8px 0; padding: 0; }
    .rows li { padding: 10px 0; border-bottom: 1px solid var(--oa-border); display: flex; flex-direction: column; gap: 4px; }
    .small { font-size: 13px; display: flex; flex-wrap: wrap; gap: 10px; }
    .ops { display: flex; gap: 6px; }
  `,
})
export class PersonalContactsPage {
  private readonly api = inject(ContactsApi);
  readonly fields = FIELDS;
  readonly q = signal('');
  readonly items = signal<PersonalContact[]>([]);
  readonly total = signal(0);
  readonly error = signal('');
  /** undefined: no form; null: a new contact; an id: editing it. */
  readonly editing = signal<string | null | undefined>(undefined);
  readonly form = signal<Form>({ ...EMPTY });

  constructor() {
    void this.load();
  }

  set(k: keyof Form, v: string): void {
    this.form.update((f) => ({ ...f, [k]: v }));
  }

  edit(c: PersonalContact | null): void {
    this.editing.set(c ? c.contactId : null);
    this.form.set(
      c
        ? {
            name: c.name,
            organisation: c.organisation ?? '',
            title: c.title ?? '',
            mobile: c.mobile ?? '',
            phone: c.phone ?? '',
            email: c.email ?? '',
            note: c.note ?? '',
          }
        : { ...EMPTY },
    );
  }

  async load(): Promise<void> {
    try {
      const r = await this.api.personal(this.q().trim(), 1);
      this.items.set(r.items);
      this.total.set(r.total);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async save(): Promise<void> {
    this.error.set('');
    try {
      await this.api.savePersonal(this.editing() ?? null, this.form());
      this.editing.set(undefined);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async remove(c: PersonalContact): Promise<void> {
    if (!confirm(`删除联系人“${c.name}”？`)) return;
    try {
      await this.api.removePersonal(c.contactId);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async vcard(c: PersonalContact): Promise<void> {
    try {
      saveBlob(await this.api.personalVcard(c.contactId), `${c.name}.vcf`);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
