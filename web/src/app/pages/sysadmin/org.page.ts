import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../core/problem';

interface Dept {
  id: string;
  name: string;
  status: string;
  leader: { id: string; name: string | null } | null;
  memberCount: number;
  children: Dept[];
}
interface Unit {
  id: string;
  name: string;
  leader: { id: string; name: string | null } | null;
  departments: Dept[];
  children: Unit[];
}
interface Person {
  id: string;
  username: string;
  name: string;
  status: string;
  unitId: string;
  departmentId: string;
  departmentName: string | null;
  title: string;
  rank: string;
  concurrentPosts: { unitId: string; departmentId: string; title: string; rank: string }[];
}
interface Row {
  kind: 'unit' | 'dept';
  id: string;
  unitId: string;
  name: string;
  depth: number;
  leader: string | null;
  members: number;
}
const RANKS = ['办事员', '科员', '副科', '正科', '副处', '正处', '副厅', '正厅'];

/**
 * 组织机构维护: the unit → department tree (drag a department onto another, or onto its unit, to move it),
 * the members of the selected department (hire, transfer, 兼职, deactivate / reactivate, make leader).
 * Every change is an org event (visible in the 安全审计 console).
 */
@Component({
  selector: 'oa-sys-org',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <div class="cols">
      <section class="card tree">
        <h2>组织机构 <span class="muted small">拖动部门可调整隶属</span></h2>
        @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
        @if (notice()) { <div class="notice" role="status" data-testid="org-notice">{{ notice() }}</div> }
        <ul data-testid="org-tree">
          @for (r of rows(); track r.kind + r.id) {
            <li
              [style.padding-left.px]="8 + r.depth * 18"
              [class.unit]="r.kind === 'unit'"
              [class.sel]="r.kind === 'dept' && sel()?.id === r.id"
              [attr.draggable]="r.kind === 'dept'"
              (dragstart)="dragging = r"
              (dragover)="$event.preventDefault()"
              (drop)="drop(r)"
              (click)="select(r)"
              [attr.data-testid]="r.kind === 'dept' ? 'org-dept' : 'org-unit'"
            >
              <span class="nm">{{ r.name }}</span>
              @if (r.leader) { <span class="muted small">负责人 {{ r.leader }}</span> }
              @if (r.kind === 'dept') { <span class="muted small">{{ r.members }} 人</span> }
            </li>
          }
        </ul>
        @if (sel(); as d) {
          <form class="inline" (ngSubmit)="createDept()">
            <input class="input" name="dn" [(ngModel)]="newDept" placeholder="在“{{ d.name }}”下新建部门" aria-label="新部门名称" />
            <button class="btn small" type="submit" [disabled]="!newDept.trim()">新建部门</button>
          </form>
        }
      </section>
      <section class="card members">
        @if (sel(); as d) {
          <h2>{{ d.name }} <span class="muted small">成员</span></h2>
          <ul class="people" data-testid="org-members">
            @for (u of people(); track u.id) {
              <li>
                <div><strong>{{ u.name }}</strong> <span class="muted">{{ u.username }}</span> {{ u.title }}（{{ u.rank }}）
                  @if (u.status !== 'active') { <span class="badge">已停用</span> }
                  @for (c of u.concurrentPosts; track c.departmentId) { <span class="badge">兼 {{ c.title }}</span> }</div>
                <div class="acts">
                  <button class="btn small" type="button" (click)="leader(u)">设为负责人</button>
                  <button class="btn small" type="button" (click)="editing.set(editing() === u.id ? null : u.id)">调动 / 兼职</button>
                  @if (u.status === 'active') { <button class="btn small" type="button" (click)="deactivate(u)">停用</button> }
                  @else { <button class="btn small" type="button" (click)="reactivate(u)">启用</button> }
                </div>
                @if (editing() === u.id) {
                  <form class="inline" (ngSubmit)="transfer(u)">
                    <select class="input" name="to" [(ngModel)]="target" aria-label="目标部门">@for (o of deptOptions(); track o.id) { <option [value]="o.id">{{ o.label }}</option> }</select>
                    <input class="input" name="tt" [(ngModel)]="postTitle" placeholder="职务" aria-label="职务" />
                    <select class="input" name="rk" [(ngModel)]="postRank" aria-label="职务级别">@for (k of ranks; track k) { <option [value]="k">{{ k }}</option> }</select>
                    <button class="btn small primary" type="submit">调动</button>
                    <button class="btn small" type="button" (click)="concurrent(u)">设为兼职</button>
                  </form>
                }
              </li>
            } @empty { <li class="muted">暂无成员</li> }
          </ul>
          <h3>录用新用户</h3>
          <form class="hire" (ngSubmit)="hire()" data-testid="hire-form">
            <input class="input" name="un" [(ngModel)]="h.username" placeholder="用户名（小写字母开头）" aria-label="用户名" />
            <input class="input" name="nm" [(ngModel)]="h.name" placeholder="姓名" aria-label="姓名" />
            <input class="input" name="ti" [(ngModel)]="h.title" placeholder="职务" aria-label="职务" />
            <select class="input" name="hr" [(ngModel)]="h.rank" aria-label="职务级别">@for (k of ranks; track k) { <option [value]="k">{{ k }}</option> }</select>
            <input class="input" name="pw" [(ngModel)]="h.password" placeholder="初始密码（首次登录须修改）" aria-label="初始密码" autocomplete="off" />
            <button class="btn primary" type="submit">录用</button>
          </form>
        } @else {
          <div class="empty">在左侧选择一个部门</div>
        }
      </section>
    </div>
  `,
  styles: `
    .cols { display: grid; grid-template-columns: minmax(280px, 2fr) 3fr; gap: 12px; align-items: start; }
    .tree ul, .people { list-style: none; margin: 0; padding: 0; }
    .tree li { padding: 6px 8px; border-bottom: 1px solid var(--oa-border); cursor: pointer; display: flex; gap: 8px; flex-wrap: wrap; align-items: baseline; }
    .tree li.unit { background: #f7f9fc; font-weight: 600; cursor: default; }
    .tree li.sel { background: #fff3f0; }
    .tree li[draggable='true'] { cursor: grab; }
    .people li { border-bottom: 1px solid var(--oa-border); padding: 8px 2px; display: grid; gap: 4px; }
    .acts, .inline { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin-top: 6px; }
    .hire { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 8px; }
    .notice { color: var(--oa-ok); } .small { font-size: 12px; font-weight: normal; }
    @media (max-width: 760px) { .cols { grid-template-columns: 1fr; } }
  `,
})
export class OrgPage {
  private readonly http = inject(HttpClient);
  readonly ranks = RANKS;
  readonly units = signal<Unit[]>([]);
  readonly sel = signal<Row | null>(null);
  readonly people = signal<Person[]>([]);
  readonly error = signal('');
  readonly notice = signal('');
  readonly editing = signal<string | null>(null);
  dragging: Row | null = null;
  newDept = '';
  target = '';
  postTitle = '科员';
  postRank = '科员';
  h = { username: '', name: '', title: '科员', rank: '科员', password: '' };

  readonly rows = computed(() => {
    const out: Row[] = [];
    const dept = (unitId: string, d: Dept, depth: number) => {
      out.push({ kind: 'dept', id: d.id, unitId, name: d.name, depth, leader: d.leader?.name ?? null, members: d.memberCount });
      for (const c of d.children) dept(unitId, c, depth + 1);
    };
    const unit = (u: Unit, depth: number) => {
      out.push({ kind: 'unit', id: u.id, unitId: u.id, name: u.name, depth, leader: u.leader?.name ?? null, members: 0 });
      for (const d of u.departments) dept(u.id, d, depth + 1);
      for (const c of u.children) unit(c, depth + 1);
    };
    for (const u of this.units()) unit(u, 0);
    return out;
  });
  readonly deptOptions = computed(() => {
    const unitName = new Map(
      this.rows()
        .filter((r) => r.kind === 'unit')
        .map((r) => [r.id, r.name]),
    );
    return this.rows()
      .filter((r) => r.kind === 'dept')
      .map((r) => ({ id: r.id, unitId: r.unitId, label: `${unitName.get(r.unitId) ?? ''} / ${r.name}` }));
  });

  constructor() {
    void this.loadTree();
  }
  private async loadTree(): Promise<void> {
    try {
      this.units.set((await firstValueFrom(this.http.get<{ units: Unit[] }>('/api/org/tree'))).units);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async select(r: Row): Promise<void> {
    if (r.kind !== 'dept') return;
    this.sel.set(r);
    this.editing.set(null);
    await this.loadPeople();
  }
  private async loadPeople(): Promise<void> {
    const d = this.sel();
    if (!d) return;
    const r = await firstValueFrom(
      this.http.get<{ items: Person[] }>('/api/users', { params: { departmentId: d.id, status: 'all', pageSize: 100 } }),
    );
    this.people.set(r.items);
  }
  private async act(f: () => Promise<unknown>, ok: string): Promise<void> {
    this.error.set('');
    this.notice.set('');
    try {
      await f();
      this.notice.set(ok);
      this.editing.set(null);
      await this.loadTree();
      await this.loadPeople();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  drop(to: Row): Promise<void> | void {
    const from = this.dragging;
    this.dragging = null;
    if (!from || from.kind !== 'dept' || from.id === to.id) return;
    if (from.unitId !== to.unitId) {
      this.error.set('部门只能在本单位内移动');
      return;
    }
    const parentId = to.kind === 'unit' ? null : to.id;
    return this.act(
      () => firstValueFrom(this.http.post(`/api/org/departments/${from.id}/move`, { parentId })),
      `已将“${from.name}”移到“${to.name}”之下`,
    );
  }
  createDept() {
    const d = this.sel()!;
    const name = this.newDept.trim();
    this.newDept = '';
    return this.act(
      () => firstValueFrom(this.http.post('/api/org/departments', { unitId: d.unitId, name, parentId: d.id })),
      `已新建部门“${name}”`,
    );
  }
  leader(u: Person) {
    const d = this.sel()!;
    return this.act(
      () => firstValueFrom(this.http.post(`/api/org/departments/${d.id}/leader`, { userId: u.id })),
      `${u.name} 已设为 ${d.name} 负责人`,
    );
  }
  private post() {
    const o = this.deptOptions().find((x) => x.id === this.target);
    return o ? { unitId: o.unitId, departmentId: o.id, title: this.postTitle.trim() || '科员', rank: this.postRank } : null;
  }
  transfer(u: Person) {
    const post = this.post();
    if (!post) return void this.error.set('请选择目标部门');
    return this.act(() => firstValueFrom(this.http.post(`/api/users/${u.id}/transfer`, { post })), `${u.name} 已调动`);
  }
  concurrent(u: Person) {
    const post = this.post();
    if (!post) return void this.error.set('请选择兼职部门');
    return this.act(() => firstValueFrom(this.http.post(`/api/users/${u.id}/concurrent-posts`, { post })), `${u.name} 已增加兼职`);
  }
  deactivate(u: Person) {
    return this.act(() => firstValueFrom(this.http.post(`/api/users/${u.id}/deactivate`, {})), `${u.name} 已停用，其会话已注销`);
  }
  reactivate(u: Person) {
    return this.act(() => firstValueFrom(this.http.post(`/api/users/${u.id}/reactivate`, {})), `${u.name} 已启用`);
  }
  hire() {
    const d = this.sel()!;
    const body = {
      username: this.h.username.trim(),
      name: this.h.name.trim(),
      primaryPost: { unitId: d.unitId, departmentId: d.id, title: this.h.title.trim() || '科员', rank: this.h.rank },
      ...(this.h.password ? { password: this.h.password } : {}),
    };
    return this.act(async () => {
      await firstValueFrom(this.http.post('/api/users', body));
      this.h = { username: '', name: '', title: '科员', rank: '科员', password: '' };
    }, `已录用 ${body.name}`);
  }
}
