import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { problemMessage } from '../../core/problem';
import { OrgDirectory, OrgNode } from '../../shared/picker/org-directory.service';
import { ContactPerson, ContactsApi, saveBlob } from './contacts-api.service';

/**
 * 单位通讯录: the org tree (units → departments) beside a searchable list of people (name, pinyin initials
 * such as xwb, phone, email); tap a person for the card with 拨打 / 发邮件 / 保存名片 (vCard). Hidden mobiles
 * show as “无权查看”. On a phone the tree folds into a select above the list.
 */
@Component({
  selector: 'oa-contact-directory',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="wrap">
      <aside class="card tree" aria-label="组织机构">
        <button type="button" class="node" [class.on]="!unitId() && !departmentId()" (click)="choose(null, null)">全部单位</button>
        @for (u of units(); track u.id) {
          <button type="button" class="node unit" [class.on]="unitId() === u.id && !departmentId()" (click)="choose(u.id, null)">{{ u.name }}</button>
          @if (unitId() === u.id) {
            @for (d of flat(u.children); track d.node.id) {
              <button type="button" class="node dept" [style.padding-left.px]="20 + d.depth * 14" [class.on]="departmentId() === d.node.id" (click)="choose(u.id, d.node.id)">{{ d.node.name }}</button>
            }
          }
        }
      </aside>
      <section class="card list">
        <form class="search" (submit)="$event.preventDefault(); load(1)" role="search">
          <select class="input unit-select" [value]="unitId() ?? ''" (change)="choose($any($event.target).value || null, null)" aria-label="单位">
            <option value="">全部单位</option>
            @for (u of units(); track u.id) { <option [value]="u.id">{{ u.name }}</option> }
          </select>
          <input class="input" type="search" placeholder="姓名、拼音首字母（如 xwb）、电话或邮箱" [value]="q()" (input)="onInput($any($event.target).value)"
            aria-label="搜索通讯录" data-testid="contact-search" />
          <button class="btn export" type="button" (click)="export()">导出 Excel</button>
        </form>
        @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
        <ul class="people" data-testid="contact-results">
          @for (p of items(); track p.userId) {
            <li>
              <button type="button" class="person" (click)="open(p)" [attr.aria-expanded]="openId() === p.userId">
                <span class="avatar" aria-hidden="true">{{ p.name.slice(-2) }}</span>
                <span class="who"><strong>{{ p.name }}</strong>&nbsp;<span class="muted">{{ p.title }}</span><br />
                  <span class="muted small">{{ p.unitName }} · {{ p.departmentName }}</span></span>
                <span class="tel muted small">{{ p.officePhone || '' }}</span>
              </button>
              @if (openId() === p.userId) {
                <div class="detail" data-testid="contact-card">
                  <div><span class="k">办公电话</span> @if (p.officePhone) { <a [href]="'tel:' + dial(p.officePhone)">{{ p.officePhone }}</a> } @else { <span class="muted">未登记</span> }</div>
                  <div><span class="k">手机</span>
                    @if (p.mobile) { <a [href]="'tel:' + p.mobile" data-testid="contact-mobile">{{ p.mobile }}</a> }
                    @else if (p.mobileHidden) { <span class="muted" data-testid="contact-mobile-hidden">无权查看</span> } @else { <span class="muted">未登记</span> }
                  </div>
                  <div><span class="k">电子邮箱</span> @if (p.email) { <a [href]="'mailto:' + p.email">{{ p.email }}</a> } @else { <span class="muted">未登记</span> }</div>
                  <div><span class="k">办公室</span> {{ p.room || '—' }}</div>
                  <button type="button" class="btn small" (click)="vcard(p)">保存名片（vCard）</button>
                </div>
              }
            </li>
          } @empty {
            @if (!loading()) { <li class="empty">没有找到，请换个姓名、拼音首字母或电话</li> }
          }
        </ul>
        @if (total() > pageSize) {
          <nav class="pager" aria-label="分页">
            <button class="btn small" type="button" [disabled]="page() <= 1" (click)="load(page() - 1)">上一页</button>
            <span class="muted">第 {{ page() }} 页，共 {{ total() }} 人</span>
            <button class="btn small" type="button" [disabled]="page() * pageSize >= total()" (click)="load(page() + 1)">下一页</button>
          </nav>
        } @else { <div class="muted small count">共 {{ total() }} 人</div> }
      </section>
    </div>
  `,
  styles: `
    .wrap { display: grid; grid-template-columns: 240px minmax(0, 1fr); gap: 12px; align-items: start; }
    .tree { display: flex; flex-direction: column; padding: 8px; max-height: 75vh; overflow: auto; }
    .node { text-align: left; background: none; border: 0; padding: 6px 10px; border-radius: 4px; cursor: pointer; }
    .node.on { background: #fdf0f0; color: var(--oa-red); font-weight: 600; }
    .node.unit { font-weight: 500; }
    .search { display: flex; gap: 8px; margin-bottom: 8px; }
    .search .input[type='search'] { flex: 1; min-width: 0; }
    .unit-select { display: none; }
    .people { list-style: none; margin: 0; padding: 0; }
    .people li { border-bottom: 1px solid var(--oa-border); }
    .person { width: 100%; display: flex; align-items: center; gap: 10px; background: none; border: 0; padding: 10px 4px; text-align: left; cursor: pointer; }
    .avatar { flex: none; width: 36px; height: 36px; border-radius: 50%; background: var(--oa-red); color: #fff; display: inline-flex; align-items: center; justify-content: center; font-size: 12px; }
    .who { flex: 1; min-width: 0; overflow-wrap: anywhere; }
    .tel { flex: none; }
    .detail { padding: 6px 8px 12px 50px; display: flex; flex-direction: column; gap: 4px; }
    .k { display: inline-block; width: 5em; color: var(--oa-muted); }
    .pager { display: flex; gap: 8px; align-items: center; justify-content: center; margin-top: 8px; }
    .small { font-size: 12px; }
    .count { margin-top: 8px; }
    @media (max-width: 760px) {
      .wrap { grid-template-columns: minmax(0, 1fr); }
      .tree { display: none; }
      .search { flex-wrap: wrap; }
      .unit-select { display: block; flex: 1 1 100%; }
      .export { display: none; }
      .tel { display: none; }
      .detail { padding-left: 8px; }
    }
  `,
})
export class ContactDirectoryPage {
  private readonly api = inject(ContactsApi);
  private readonly dir = inject(OrgDirectory);
  readonly pageSize = 30;
  readonly units = signal<OrgNode[]>([]);
  readonly unitId = signal<string | null>(null);
  readonly departmentId = signal<string | null>(null);
  readonly q = signal('');
  readonly items = signal<ContactPerson[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(true);
  readonly error = signal('');
  readonly openId = signal<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    void this.dir.tree().then(
      (t) =>
        this.units.set(
          t.flatMap(function all(n: OrgNode): OrgNode[] {
            return n.kind === 'unit' ? [n, ...n.children.flatMap(all)] : [];
          }),
        ),
      () => undefined,
    );
    void this.load(1);
  }

  flat(nodes: OrgNode[], depth = 0): { node: OrgNode; depth: number }[] {
    return nodes.filter((n) => n.kind === 'department').flatMap((n) => [{ node: n, depth }, ...this.flat(n.children, depth + 1)]);
  }

  dial(phone: string): string {
    return phone.replace(/\s*转\s*/, ',').replace(/[^0-9+,]/g, '');
  }

  choose(unitId: string | null, departmentId: string | null): void {
    this.unitId.set(unitId);
    this.departmentId.set(departmentId);
    void this.load(1);
  }

  onInput(v: string): void {
    this.q.set(v);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(1), 250);
  }

  open(p: ContactPerson): void {
    this.openId.set(this.openId() === p.userId ? null : p.userId);
  }

  async load(page: number): Promise<void> {
    this.loading.set(true);
    this.error.set('');
    try {
      const r = await this.api.people({
        q: this.q().trim(),
        unitId: this.unitId() ?? undefined,
        departmentId: this.departmentId() ?? undefined,
        page,
        pageSize: this.pageSize,
      });
      this.items.set(r.items);
      this.total.set(r.total);
      this.page.set(page);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  async vcard(p: ContactPerson): Promise<void> {
    try {
      saveBlob(await this.api.vcard(p.userId), `${p.name}.vcf`);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async export(): Promise<void> {
    try {
      saveBlob(
        await this.api.exportPeople({
          q: this.q().trim(),
          unitId: this.unitId() ?? undefined,
          departmentId: this.departmentId() ?? undefined,
        }),
        '通讯录.xlsx',
      );
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
