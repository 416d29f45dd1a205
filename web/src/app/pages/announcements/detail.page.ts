import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { OrgDirectory, OrgNode, PickedPerson } from '../../shared/picker/org-directory.service';
import { PersonPickerComponent, PickedDepartment } from '../../shared/picker/person-picker.component';
import { AnnouncementsApi, NoticeAction, NoticeView, ReceiptsAnswer } from './announcements-api.service';

/** Beijing wall time of an input[type=datetime-local] → UTC ISO. */
export function beijingToIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(`${local}:00+08:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * 通知公告 detail: the notice (正文, images, attachments), its review, and the actions the server allows —
 * 修改 / 上传附件 / 送审 (drafter), 发布 with audience, window and pinning, 置顶, 撤回 with a reason,
 * 阅读回执 with the unread list (drafter and publishers). A recipient's read receipt is sent when the page opens.
 */
@Component({
  selector: 'oa-announcement-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, PersonPickerComponent],
  template: `
    @if (error()) { <div class="alert" role="alert" data-testid="ann-error">{{ error() }}</div> }
    @if (v(); as n) {
      <article class="card notice" data-testid="ann-detail">
        <header>
          <h1>{{ n.title }}</h1>
          <div class="muted meta">
            <span class="badge">{{ n.category }}</span>
            <span class="st" data-testid="ann-status">{{ n.statusLabel }}</span>
            <span>起草：{{ n.drafter.name }}</span>
            @if (n.publication) { <span>发布：{{ n.publication.publisherName }} {{ time(n.publication.at) }}</span> }
            @if (n.publication?.pinned && n.status === 'published') { <span class="pin">置顶</span> }
          </div>
        </header>
        @if (n.withdrawal) {
          <div class="alert">已于 {{ time(n.withdrawal.at) }} 由 {{ n.withdrawal.actorName }} 撤回：{{ n.withdrawal.reason }}</div>
        }
        @if (n.sentBack && n.status === 'sent_back') {
          <div class="alert">审核退回（{{ time(n.sentBack.at) }}）：{{ n.sentBack.opinion || '无意见' }}</div>
        }
        @if (n.approval && n.status === 'approved') {
          <div class="alert ok">{{ n.approval.approverName }} 已审核同意（{{ n.approval.opinion || '同意' }}），请发布。</div>
        }
        <div class="body">{{ n.body }}</div>
        @for (img of images(); track img.id) { <img class="img" [src]="img.url" [alt]="img.fileName" /> }
        @if (n.attachments.length) {
          <h3>附件</h3>
          <ul class="files">
            @for (a of n.attachments; track a.id) {
              <li>
                <button type="button" class="link" (click)="download(a.id, a.fileName)">{{ a.fileName }}</button>
                <span class="muted small">{{ size(a.size) }}</span>
                @if (can('edit')) { <button type="button" class="btn small danger" (click)="removeFile(a.id)">删除</button> }
              </li>
            }
          </ul>
        }
        @if (n.publication) {
          <p class="muted small">展示期：{{ time(n.publication.displayFrom) }} 至 {{ n.publication.displayTo ? time(n.publication.displayTo) : '撤回为止' }}；
            发布范围 {{ n.publication.recipientCount }} 人</p>
        }
        @if (n.processId && n.status === 'in_review') {
          <p><a [routerLink]="['/processes', n.processId]" data-testid="ann-process">查看审核流程 / 办理审核</a></p>
        }
        <div class="actions" data-testid="ann-actions">
          @if (can('edit')) {
            <a class="btn" [routerLink]="['/announcements', n.id, 'edit']">修改</a>
            <label class="btn"><input type="file" hidden accept=".png,.jpg,.jpeg,.pdf,.docx,.xlsx,.ofd,.zip" (change)="upload($event)" />上传图片/附件</label>
          }
          @if (can('submit')) { <button class="btn primary" type="button" (click)="act(api.submit(n.id), '已送审')" [disabled]="busy()" data-testid="ann-submit">送审</button> }
          @if (can('pin')) { <button class="btn" type="button" (click)="act(api.pin(n.id, true), '已置顶')" [disabled]="busy()">置顶</button> }
          @if (can('unpin')) { <button class="btn" type="button" (click)="act(api.pin(n.id, false), '已取消置顶')" [disabled]="busy()">取消置顶</button> }
          @if (can('withdraw')) { <button class="btn danger" type="button" (click)="withdrawing.set(!withdrawing())" data-testid="ann-withdraw">撤回</button> }
        </div>
        @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
        @if (withdrawing()) {
          <form class="sub" (submit)="$event.preventDefault(); withdraw()">
            <label class="field"><span>撤回原因</span><input class="input" maxlength="500" [value]="reason()" (input)="reason.set($any($event.target).value)" data-testid="ann-reason" /></label>
            <button class="btn danger" type="submit" [disabled]="busy()">确认撤回</button>
          </form>
        }
      </article>

      @if (can('publish')) {
        <section class="card" data-testid="ann-publish">
          <h2>发布</h2>
          <label class="check"><input type="checkbox" [checked]="everyone()" (change)="everyone.set($any($event.target).checked)" data-testid="aud-everyone" /> 全体人员</label>
          @if (!everyone()) {
            <div class="field"><span>单位</span>
              <div class="units">
                @for (u of units(); track u.id) {
                  <label class="check"><input type="checkbox" [checked]="unitIds().includes(u.id)" (change)="toggleUnit(u.id)" /> {{ u.name }}</label>
                }
              </div>
            </div>
            <div class="field"><span>部门（含下级部门）</span>
              <oa-person-picker mode="department" inputId="aud-dept" placeholder="输入部门名称" (pickedDepartment)="addDept($event)" />
              <div class="chips">@for (d of depts(); track d.id) { <span class="chip">{{ d.unitName }} {{ d.name }} <button type="button" (click)="dropDept(d.id)" aria-label="移除">×</button></span> }</div>
            </div>
            <div class="field"><span>人员</span>
              <oa-person-picker inputId="aud-person" (picked)="addPerson($event)" />
              <div class="chips">@for (p of people(); track p.id) { <span class="chip">{{ p.name }} <button type="button" (click)="dropPerson(p.id)" aria-label="移除">×</button></span> }</div>
            </div>
          }
          <div class="row">
            <label class="field"><span>展示开始（北京时间，空为立即）</span><input class="input" type="datetime-local" [value]="from()" (input)="from.set($any($event.target).value)" /></label>
            <label class="field"><span>展示截止（空为撤回为止）</span><input class="input" type="datetime-local" [value]="to()" (input)="to.set($any($event.target).value)" data-testid="ann-to" /></label>
          </div>
          <label class="check"><input type="checkbox" [checked]="pinned()" (change)="pinned.set($any($event.target).checked)" /> 置顶</label>
          <div class="actions"><button class="btn primary" type="button" (click)="publish()" [disabled]="busy()" data-testid="ann-publish-go">发布</button></div>
        </section>
      }

      @if (can('receipts') && receipts(); as r) {
        <section class="card" data-testid="ann-receipts">
          <h2>阅读回执 <span class="muted small">已读 {{ r.readCount }} / {{ r.recipientCount }}</span></h2>
          <div class="toolbar">
            @for (f of filters; track f[0]) {
              <button type="button" class="btn small" [class.primary]="filter() === f[0]" (click)="loadReceipts(f[0], 1)">{{ f[1] }}</button>
            }
          </div>
          <table class="tbl">
            <thead><tr><th>姓名</th><th>单位 / 部门</th><th>阅读时间</th></tr></thead>
            <tbody>
              @for (x of r.items; track x.userId) {
                <tr><td>{{ x.name }}</td><td>{{ x.unitName }} {{ x.departmentName }}</td><td>{{ x.readAt ? time(x.readAt) : '未读' }}</td></tr>
              } @empty { <tr><td colspan="3" class="muted">无</td></tr> }
            </tbody>
          </table>
          @if (r.total > r.pageSize) {
            <nav class="pager"><button class="btn small" [disabled]="r.page <= 1" (click)="loadReceipts(filter(), r.page - 1)">上一页</button>
              <span class="muted">第 {{ r.page }} 页，共 {{ r.total }} 人</span>
              <button class="btn small" [disabled]="r.page * r.pageSize >= r.total" (click)="loadReceipts(filter(), r.page + 1)">下一页</button></nav>
          }
        </section>
      }
    } @else if (!error()) {
      <div class="card empty">正在加载…</div>
    }
  `,
  styles: `
    .notice header h1 { margin-bottom: 4px; overflow-wrap: anywhere; }
    .meta { display: flex; flex-wrap: wrap; gap: 10px; font-size: 13px; margin-bottom: 12px; }
    .badge { border: 1px solid var(--oa-border); border-radius: 3px; padding: 0 4px; }
    .pin { color: var(--oa-red); }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.9; margin: 12px 0; }
    .img { display: block; max-width: 100%; height: auto; margin: 8px 0; border: 1px solid var(--oa-border); }
    .files { list-style: none; padding: 0; margin: 0 0 8px; }
    .files li { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 4px 0; }
    .link { background: none; border: 0; color: var(--oa-blue); cursor: pointer; padding: 0; text-align: left; overflow-wrap: anywhere; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
    .sub { margin-top: 12px; }
    .check { display: inline-flex; gap: 6px; align-items: center; margin: 4px 12px 8px 0; }
    .units { display: flex; flex-wrap: wrap; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
    .chip { background: #f3f4f6; border-radius: 12px; padding: 2px 8px; font-size: 13px; }
    .chip button { border: 0; background: none; cursor: pointer; }
    .row { display: flex; gap: 12px; flex-wrap: wrap; }
    .row .field { flex: 1 1 220px; }
    .tbl { width: 100%; border-collapse: collapse; margin-top: 8px; }
    .tbl th, .tbl td { text-align: left; padding: 6px; border-bottom: 1px solid var(--oa-border); }
    .pager { display: flex; gap: 8px; align-items: center; justify-content: center; margin-top: 8px; }
    .small { font-size: 12px; font-weight: 400; }
    section.card, article.card { margin-bottom: 12px; }
  `,
})
export class AnnouncementDetailPage {
  readonly api = inject(AnnouncementsApi);
  private readonly dir = inject(OrgDirectory);
  private readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';
  readonly v = signal<NoticeView | null>(null);
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  readonly images = signal<{ id: string; fileName: string; url: string }[]>([]);
  readonly withdrawing = signal(false);
  readonly reason = signal('');
  readonly everyone = signal(false);
  readonly units = signal<OrgNode[]>([]);
  readonly unitIds = signal<string[]>([]);
  readonly depts = signal<PickedDepartment[]>([]);
  readonly people = signal<PickedPerson[]>([]);
  readonly from = signal('');
  readonly to = signal('');
  readonly pinned = signal(false);
  readonly receipts = signal<ReceiptsAnswer | null>(null);
  readonly filter = signal<'' | 'read' | 'unread'>('unread');
  readonly filters: ['' | 'read' | 'unread', string][] = [
    ['unread', '未读'],
    ['read', '已读'],
    ['', '全部'],
  ];
  private readonly actions = computed(() => new Set(this.v()?.allowedActions ?? []));
  private urls: string[] = [];

  constructor() {
    void this.load();
    inject(DestroyRef).onDestroy(() => this.urls.forEach((u) => URL.revokeObjectURL(u)));
  }

  can(a: NoticeAction): boolean {
    return this.actions().has(a);
  }
  time(iso: string): string {
    return formatTime(iso);
  }
  size(n: number): string {
    return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
  }

  async load(): Promise<void> {
    try {
      let v = await this.api.get(this.id);
      if (v.allowedActions.includes('read')) {
        await this.api.markRead(this.id);
        v = await this.api.get(this.id);
      }
      this.v.set(v);
      void this.loadImages(v);
      if (v.allowedActions.includes('receipts')) void this.loadReceipts(this.filter(), 1);
      if (v.allowedActions.includes('publish') && !this.units().length) void this.dir.tree().then((t) => this.units.set(flattenUnits(t)));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  private async loadImages(v: NoticeView): Promise<void> {
    const out: { id: string; fileName: string; url: string }[] = [];
    for (const a of v.attachments.filter((x) => x.image)) {
      try {
        const url = URL.createObjectURL(await this.api.attachmentBlob(v.id, a.id));
        this.urls.push(url);
        out.push({ id: a.id, fileName: a.fileName, url });
      } catch {
        /* an image that cannot be fetched is left out; its download link stays */
      }
    }
    this.images.set(out);
  }

  async loadReceipts(filter: '' | 'read' | 'unread', page: number): Promise<void> {
    this.filter.set(filter);
    try {
      this.receipts.set(await this.api.receipts(this.id, filter, page));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async act(p: Promise<unknown>, done: string): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    this.note.set('');
    try {
      await p;
      this.note.set(done);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }

  withdraw(): Promise<void> {
    return this.act(this.api.withdraw(this.id, this.reason()), '已撤回').then(() => this.withdrawing.set(false));
  }

  publish(): Promise<void> {
    return this.act(
      this.api.publish(this.id, {
        audience: {
          everyone: this.everyone(),
          unitIds: this.unitIds(),
          departmentIds: this.depts().map((d) => d.id),
          userIds: this.people().map((p) => p.id),
        },
        displayFrom: beijingToIso(this.from()),
        displayTo: beijingToIso(this.to()),
        pinned: this.pinned(),
      }),
      '已发布',
    );
  }

  upload(ev: Event): void {
    const input = ev.target as HTMLInputElement;
    const f = input.files?.[0];
    input.value = '';
    if (f) void this.act(this.api.upload(this.id, f), `已上传 ${f.name}`);
  }

  removeFile(attachmentId: string): void {
    void this.act(this.api.removeAttachment(this.id, attachmentId), '已删除附件');
  }

  async download(attachmentId: string, fileName: string): Promise<void> {
    try {
      const url = URL.createObjectURL(await this.api.attachmentBlob(this.id, attachmentId));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  toggleUnit(id: string): void {
    this.unitIds.update((l) => (l.includes(id) ? l.filter((x) => x !== id) : [...l, id]));
  }
  addDept(d: PickedDepartment | null): void {
    if (d && !this.depts().some((x) => x.id === d.id)) this.depts.update((l) => [...l, d]);
  }
  dropDept(id: string): void {
    this.depts.update((l) => l.filter((x) => x.id !== id));
  }
  addPerson(p: PickedPerson | null): void {
    if (p && !this.people().some((x) => x.id === p.id)) this.people.update((l) => [...l, p]);
  }
  dropPerson(id: string): void {
    this.people.update((l) => l.filter((x) => x.id !== id));
  }
}

function flattenUnits(nodes: OrgNode[]): OrgNode[] {
  return nodes.flatMap((n) => (n.kind === 'unit' ? [n, ...flattenUnits(n.children)] : []));
}
