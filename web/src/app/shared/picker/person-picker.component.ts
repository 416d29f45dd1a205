import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, model, output, signal } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { problemMessage } from '../../core/problem';
import { OrgDirectory, OrgNode, PickedPerson } from './org-directory.service';

/** What a department pick returns. */
export interface PickedDepartment {
  id: string;
  name: string;
  unitName: string;
}

/**
 * 人员 / 部门选择: search by name or pinyin initials (zgq → 赵国强), the caller's recent choices, and
 * the org tree (单位 → 部门 → 人员). Inline (it works inside a dialog and on a 375 px phone: rows are
 * full-width touch targets). `value` is the chosen user id (or department id in `department` mode).
 *
 *   <oa-person-picker inputId="forward-user" label="转交给" [(value)]="userId" />
 *   <oa-person-picker mode="department" [(value)]="deptId" (pickedDepartment)="…" />
 *
 * Used by 转交, 加签, 改派 and 外出授权; the 公文 pages can adopt it for 主送 / 抄送 (department mode).
 */
@Component({
  selector: 'oa-person-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="picker" [attr.data-mode]="mode()">
      @if (chosenName()) {
        <div class="chosen" data-testid="picker-chosen">
          <span class="who"><strong>{{ chosenName() }}</strong> <span class="muted">{{ chosenWhere() }}</span></span>
          <button type="button" class="btn small" (click)="clear()" data-testid="picker-change">更换</button>
        </div>
      } @else {
        <input
          class="input"
          type="search"
          [id]="inputId()"
          [attr.aria-label]="label() || placeholder()"
          [placeholder]="placeholder()"
          [value]="q()"
          (input)="onInput($any($event.target).value)"
          autocomplete="off"
          data-testid="picker-search"
        />
        @if (error()) { <div class="err" role="alert">{{ error() }}</div> }
        @if (q().trim()) {
          <ul class="opts" role="listbox" [attr.aria-label]="'搜索结果'">
            @if (mode() === 'person') {
              @for (p of results(); track p.id) {
                <li><button type="button" class="opt" role="option" (click)="pick(p)" data-testid="picker-option">
                  <strong>{{ p.name }}</strong><span class="muted">{{ where(p) }}</span>
                </button></li>
              } @empty { <li class="muted none">{{ searching() ? '正在查找…' : '没有找到，请换个姓名或拼音首字母' }}</li> }
            } @else {
              @for (d of deptResults(); track d.id) {
                <li><button type="button" class="opt" role="option" (click)="pickDepartment(d)" data-testid="picker-option">
                  <strong>{{ d.name }}</strong><span class="muted">{{ d.unitName }}</span>
                </button></li>
              } @empty { <li class="muted none">没有找到该部门</li> }
            }
          </ul>
        } @else {
          @if (recent().length) {
            <div class="recent" data-testid="picker-recent-list">
              <span class="muted">最近选择：</span>
              @for (r of recent(); track r.id) {
                <button type="button" class="chip" (click)="pickRecent(r)" data-testid="picker-recent">{{ r.name }}</button>
              }
            </div>
          }
          <button type="button" class="linkish" (click)="toggleTree()" [attr.aria-expanded]="treeOpen()" data-testid="picker-tree-toggle">
            {{ treeOpen() ? '收起组织机构' : '从组织机构中选择' }}
          </button>
          @if (treeOpen()) {
            <ul class="tree" data-testid="picker-tree">
              @for (n of tree(); track n.id) {
                <ng-container *ngTemplateOutlet="node; context: { $implicit: n, depth: 0 }" />
              } @empty { <li class="muted none">正在加载…</li> }
            </ul>
          }
        }
      }
    </div>

    <ng-template #node let-n let-depth="depth">
      <li [style.padding-left.px]="depth * 14">
        <div class="row">
          @if (n.children.length || (n.kind === 'department' && mode() === 'person')) {
            <button type="button" class="tw" (click)="toggle(n)" [attr.aria-expanded]="open().has(n.id)" [attr.aria-label]="(open().has(n.id) ? '收起 ' : '展开 ') + n.name">{{ open().has(n.id) ? '▾' : '▸' }}</button>
          } @else { <span class="tw"></span> }
          @if (n.kind === 'department' && mode() === 'department') {
            <button type="button" class="opt inline" (click)="pickDepartment(n)" data-testid="picker-department">{{ n.name }}</button>
          } @else {
            <button type="button" class="name" (click)="toggle(n)" [attr.data-testid]="n.kind === 'unit' ? 'picker-unit' : 'picker-department'">{{ n.name }}</button>
          }
        </div>
        @if (open().has(n.id)) {
          <ul class="tree">
            @for (c of n.children; track c.id) {
              <ng-container *ngTemplateOutlet="node; context: { $implicit: c, depth: depth + 1 }" />
            }
            @if (n.kind === 'department' && mode() === 'person') {
              @for (p of membersOf(n.id); track p.id) {
                <li [style.padding-left.px]="(depth + 1) * 14">
                  <button type="button" class="opt" (click)="pick(p)" data-testid="picker-member"><strong>{{ p.name }}</strong><span class="muted">{{ p.title }}</span></button>
                </li>
              } @empty { <li class="muted none" [style.padding-left.px]="(depth + 1) * 14">正在加载…</li> }
            }
          </ul>
        }
      </li>
    </ng-template>
  `,
  imports: [NgTemplateOutlet],
  styles: `
    :host { display: block; }
    .picker { border: 1px solid var(--oa-border); border-radius: 6px; padding: 6px; background: #fff; }
    .chosen { display: flex; align-items: center; gap: 8px; min-height: 36px; }
    .who { flex: 1; min-width: 0; overflow-wrap: anywhere; }
    .who .muted { margin-left: 6px; font-size: 12px; }
    .opts, .tree { list-style: none; margin: 4px 0 0; padding: 0; }
    .opts { max-height: 260px; overflow-y: auto; }
    .opt { display: flex; gap: 8px; align-items: baseline; width: 100%; min-height: 40px; padding: 6px 8px; border: 0; border-bottom: 1px solid var(--oa-border); background: none; text-align: left; cursor: pointer; font: inherit; color: inherit; }
    .opt:hover, .opt:focus { background: #f6f1f1; }
    .opt .muted { font-size: 12px; overflow-wrap: anywhere; }
    .opt.inline { border-bottom: 0; min-height: 36px; }
    .none { padding: 8px; font-size: 13px; }
    .recent { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; font-size: 13px; }
    .chip { border: 1px solid var(--oa-border); border-radius: 14px; background: #fafbfc; padding: 4px 12px; min-height: 32px; cursor: pointer; font: inherit; }
    .linkish { border: 0; background: none; color: var(--oa-red); padding: 6px 2px; cursor: pointer; font: inherit; font-size: 13px; }
    .tree .tree { margin: 0; }
    .row { display: flex; align-items: center; gap: 2px; }
    .tw { width: 32px; min-height: 36px; border: 0; background: none; cursor: pointer; color: var(--oa-muted); flex: none; }
    .name { border: 0; background: none; padding: 6px 2px; cursor: pointer; font: inherit; text-align: left; flex: 1; min-height: 36px; }
    .err { color: var(--oa-danger); font-size: 13px; margin-top: 4px; }
  `,
})
export class PersonPickerComponent {
  private readonly dir = inject(OrgDirectory);
  readonly mode = input<'person' | 'department'>('person');
  readonly label = input('');
  readonly inputId = input('picker');
  readonly placeholder = input('输入姓名或拼音首字母（如 zgq）搜索');
  /** People not offered (e.g. myself for 转交). */
  readonly exclude = input<string[]>([]);
  /** The chosen user id (department id in department mode); '' = none. */
  readonly value = model('');
  readonly picked = output<PickedPerson | null>();
  readonly pickedDepartment = output<PickedDepartment | null>();

  readonly q = signal('');
  readonly searching = signal(false);
  readonly error = signal('');
  private readonly found = signal<PickedPerson[]>([]);
  readonly results = computed(() => this.found().filter((p) => !this.exclude().includes(p.id)));
  readonly tree = signal<OrgNode[]>([]);
  readonly treeOpen = signal(false);
  readonly open = signal<ReadonlySet<string>>(new Set());
  private readonly members = signal<Record<string, PickedPerson[]>>({});
  private readonly chosen = signal<{ name: string; where: string } | null>(null);
  /** Recent choices, read again whenever the value changes (a page clearing it after use shows them). */
  readonly recent = computed(() => {
    this.value();
    return this.dir.recent<{ id: string; name: string; where?: string }>(this.mode()).filter((r) => !this.exclude().includes(r.id));
  });
  readonly chosenName = computed(() => (this.value() ? (this.chosen()?.name ?? this.value()) : ''));
  readonly chosenWhere = computed(() => (this.value() ? (this.chosen()?.where ?? '') : ''));
  readonly deptResults = computed(() => {
    const q = this.q().trim();
    if (!q) return [];
    const out: OrgNode[] = [];
    const walk = (ns: OrgNode[]) => {
      for (const n of ns) {
        if (n.kind === 'department' && n.name.includes(q)) out.push(n);
        walk(n.children);
      }
    };
    walk(this.tree());
    return out.slice(0, 20);
  });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.timer && clearTimeout(this.timer));
  }

  where(p: PickedPerson): string {
    return [p.unitName, p.departmentName, p.title].filter(Boolean).join(' · ');
  }

  onInput(v: string): void {
    this.q.set(v);
    this.error.set('');
    if (this.mode() === 'department') {
      if (!this.tree().length) void this.loadTree();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    const q = v.trim();
    if (!q) {
      this.found.set([]);
      return;
    }
    this.searching.set(true);
    this.timer = setTimeout(() => void this.search(q), 150);
  }

  private async search(q: string): Promise<void> {
    const n = ++this.seq;
    try {
      const r = await this.dir.search(q);
      if (n === this.seq) this.found.set(r);
    } catch (e) {
      if (n === this.seq) this.error.set(problemMessage(e));
    } finally {
      if (n === this.seq) this.searching.set(false);
    }
  }

  private async loadTree(): Promise<void> {
    try {
      this.tree.set(await this.dir.tree());
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  toggleTree(): void {
    this.treeOpen.update((o) => !o);
    if (this.treeOpen() && !this.tree().length) void this.loadTree();
  }

  toggle(n: OrgNode): void {
    const s = new Set(this.open());
    if (s.has(n.id)) s.delete(n.id);
    else {
      s.add(n.id);
      if (n.kind === 'department' && this.mode() === 'person' && !this.members()[n.id]) void this.loadMembers(n.id);
    }
    this.open.set(s);
  }

  membersOf(id: string): PickedPerson[] {
    return (this.members()[id] ?? []).filter((p) => !this.exclude().includes(p.id));
  }

  private async loadMembers(id: string): Promise<void> {
    try {
      const list = await this.dir.members(id);
      this.members.update((m) => ({ ...m, [id]: list }));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  pick(p: PickedPerson): void {
    const where = this.where(p);
    this.chosen.set({ name: p.name, where });
    this.value.set(p.id);
    this.dir.remember('person', { id: p.id, name: p.name, where });
    this.picked.emit(p);
    this.q.set('');
  }

  pickDepartment(d: OrgNode): void {
    this.chosen.set({ name: d.name, where: d.unitName });
    this.value.set(d.id);
    this.dir.remember('department', { id: d.id, name: d.name, where: d.unitName });
    this.pickedDepartment.emit({ id: d.id, name: d.name, unitName: d.unitName });
    this.q.set('');
  }

  pickRecent(r: { id: string; name: string; where?: string }): void {
    this.chosen.set({ name: r.name, where: r.where ?? '' });
    this.value.set(r.id);
    this.dir.remember(this.mode(), r);
    if (this.mode() === 'person') this.picked.emit({ id: r.id, name: r.name, unitName: '', departmentName: '', title: '', initials: '' });
    else this.pickedDepartment.emit({ id: r.id, name: r.name, unitName: r.where ?? '' });
  }

  clear(): void {
    this.value.set('');
    this.chosen.set(null);
    this.q.set('');
    this.found.set([]);
    if (this.mode() === 'person') this.picked.emit(null);
    else this.pickedDepartment.emit(null);
  }
}
