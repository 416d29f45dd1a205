import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { saveBlob } from '../documents/documents-api.service';
import { Attendee, MeetingView, MeetingsApi } from './meetings-api.service';
import { span } from './sh-time';

/** 会议详情: notice, 回执 roll-up (报了/未报) and 催报, persons' answers, materials (下发/征集), 签到. Buttons from allowedActions. */
@Component({
  selector: 'oa-meeting',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    @if (error()) { <div class="alert" role="alert" data-testid="meeting-error">{{ error() }}</div> }
    @if (note()) { <div class="alert ok" role="status" data-testid="meeting-note">{{ note() }}</div> }
    @if (m(); as m) {
      <section class="card">
        <h2>{{ m.title }} @if (m.status === 'cancelled') { <span class="badge">已取消</span> }</h2>
        <div class="meta muted">
          <span>时间：{{ when(m) }}</span><span>地点：{{ m.location || '—' }}</span><span>组织：{{ m.organiser.name }}</span><span>回执截止：{{ t(m.replyDeadline) }}</span>
        </div>
        @if (m.agenda) { <pre class="agenda">{{ m.agenda }}</pre> }
        <div class="ops">
          @if (can('urge')) { <button type="button" class="btn primary" (click)="act('urge')" [disabled]="busy()" data-testid="act-urge">催报未报单位</button> }
          @if (can('cancel')) { <button type="button" class="btn danger" (click)="cancel()" [disabled]="busy()">取消会议</button> }
          @if (m.minutesLink) { <a class="btn" [routerLink]="minutesPath()" [queryParams]="minutesQuery()">起草会议纪要</a> }
          <button type="button" class="btn" (click)="export('xlsx')">导出参会名单</button>
          <button type="button" class="btn" (click)="export('pdf')">打印参会名单</button>
        </div>
      </section>

      <section class="card">
        <h3>回执 <span class="muted small" data-testid="rollup">{{ m.rollUp.label }}，共 {{ m.rollUp.attendees }} 人</span></h3>
        <table class="tbl">
          <thead><tr><th>单位</th><th>状态</th><th>参会人员</th></tr></thead>
          <tbody>
            @for (u of m.units; track u.unitId) {
              <tr [attr.data-unit]="u.unitId">
                <td>{{ u.unitName }}<div class="muted small">联系人：{{ names(u.contacts) }}</div></td>
                <td>@if (u.replied) { <span class="badge ok">已报@if (u.late) {（逾期）}</span> } @else { <span class="badge overdue">未报</span> }</td>
                <td>@for (a of u.attendees; track $index) { <div>{{ a.name }} {{ a.position }} {{ a.phone }}</div> }</td>
              </tr>
            }
          </tbody>
        </table>
        @if (m.replyUnits.length) {
          <form class="reply" (ngSubmit)="reply()" data-testid="reply-form">
            <strong>报送回执</strong>
            @if (m.replyUnits.length > 1) {
              <select class="input" name="unit" [(ngModel)]="replyUnit">@for (u of m.replyUnits; track u) { <option [value]="u">{{ unitName(u) }}</option> }</select>
            }
            @for (a of attendees(); track $index) {
              <div class="att">
                <input class="input" [name]="'n' + $index" [(ngModel)]="a.name" placeholder="姓名" aria-label="姓名" />
                <input class="input" [name]="'p' + $index" [(ngModel)]="a.position" placeholder="职务" aria-label="职务" />
                <input class="input" [name]="'t' + $index" [(ngModel)]="a.phone" placeholder="电话" aria-label="电话" />
              </div>
            }
            <span class="ops"><button type="button" class="btn small" (click)="addAttendee()">添加一人</button>
            <button type="submit" class="btn primary small" [disabled]="busy()" data-testid="reply-submit">提交回执</button></span>
          </form>
        }
        @if (m.persons.length) {
          <h4>参会人员</h4>
          <ul class="plain">
            @for (p of m.persons; track p.userId) {
              <li>{{ p.name }}：@if (p.answer === 'accept') { 参加 } @else if (p.answer === 'decline') { 不参加@if (p.standIn) {（代参会：{{ p.standIn.name }}）} } @else { <span class="muted">未确认</span> }</li>
            }
          </ul>
        }
        @if (can('answer')) {
          <div class="ops">
            <button type="button" class="btn primary small" (click)="answer('accept')" [disabled]="busy()" data-testid="answer-accept">参加</button>
            <input class="input" [(ngModel)]="standIn" placeholder="代参会人员姓名（可选）" aria-label="代参会人员" />
            <button type="button" class="btn small" (click)="answer('decline')" [disabled]="busy()">不参加</button>
          </div>
        }
        @if (m.urged.length) { <div class="muted small">最近催报：{{ t(m.urged[m.urged.length - 1].at) }}（{{ m.urged[m.urged.length - 1].automatic ? '自动' : '手动' }}）</div> }
      </section>

      <section class="card">
        <h3>会议材料</h3>
        <ul class="plain">
          @for (f of m.materials; track f.materialId) { <li><a href="" (click)="$event.preventDefault(); download(f.sha256, f.name)">{{ f.name }}</a> <span class="muted small">{{ t(f.at) }}</span></li> }
          @if (m.materials.length === 0) { <li class="muted">暂无下发材料</li> }
        </ul>
        @if (can('distribute')) { <label class="btn small">下发材料<input type="file" hidden (change)="distribute($event)" /></label> }
        @for (r of m.requests; track r.requestId) {
          <h4>征集：{{ r.title }} <span class="muted small">截止 {{ t(r.deadline) }} · {{ r.label }}</span></h4>
          <ul class="plain">
            @for (u of r.units; track u.unitId) {
              <li>{{ u.unitName }}：@if (u.submitted) { <span class="badge ok">交了</span> <a href="" (click)="$event.preventDefault(); download(u.submitted.sha256, u.submitted.name)">{{ u.submitted.name }}</a> } @else { <span class="badge overdue">未交</span> }
                @if ((m.materialUnits[r.requestId] || []).includes(u.unitId)) { <label class="btn small">报送<input type="file" hidden (change)="submitMaterial(r.requestId, u.unitId, $event)" /></label> }
              </li>
            }
          </ul>
          @if (can('urgeMaterials')) { <button type="button" class="btn small" (click)="act('material-requests/' + r.requestId + '/urge')">催报未交单位</button> }
        }
        @if (can('requestMaterials')) {
          <form class="reply" (ngSubmit)="requestMaterials()">
            <input class="input" name="rt" [(ngModel)]="reqTitle" placeholder="征集材料名称" aria-label="征集材料名称" />
            <input class="input" type="datetime-local" name="rd" [(ngModel)]="reqDeadline" aria-label="报送截止" />
            <button type="submit" class="btn small">向参会单位征集</button>
          </form>
        }
      </section>

      <section class="card">
        <h3>签到 <span class="muted small">已签到 {{ m.checkIns.length }} 人</span></h3>
        @if (m.checkInCode) {
          <div class="code" data-testid="check-in-code">签到码 <strong>{{ m.checkInCode }}</strong></div>
          <div class="muted small">签到地址：{{ origin }}{{ m.checkInLink }}</div>
          @if (qr()) {
            <figure class="qr">
              <img [src]="qr()" alt="签到二维码" width="200" height="200" data-testid="check-in-qr" />
              <figcaption class="muted small">扫码签到（可打印张贴在会场门口）</figcaption>
            </figure>
          }
        }
        @if (can('checkIn')) {
          <div class="ops"><input class="input" [(ngModel)]="code" placeholder="6 位签到码" inputmode="numeric" maxlength="6" aria-label="签到码" />
          <button type="button" class="btn primary small" (click)="checkIn()" [disabled]="busy()">签到</button></div>
        }
        <ul class="plain">@for (c of m.checkIns; track c.userId) { <li>{{ c.name }} <span class="muted small">{{ t(c.at) }}</span></li> }</ul>
      </section>
    } @else if (!error()) { <div class="empty">正在加载…</div> }
  `,
  styles: `
    section { margin-bottom: 12px; }
    .qr { margin: 8px 0; display: flex; flex-direction: column; align-items: flex-start; gap: 4px; }
    .qr img { max-width: 100%; height: auto; image-rendering: pixelated; }
    .meta { display: flex; flex-wrap: wrap; gap: 14px; }
    .agenda { white-space: pre-wrap; font-family: inherit; background: #fafbfc; padding: 8px; border-radius: 4px; }
    .ops { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0; }
    .tbl { width: 100%; border-collapse: collapse; } .tbl th, .tbl td { border-bottom: 1px solid var(--oa-border); text-align: left; padding: 6px; vertical-align: top; }
    .reply { display: flex; flex-direction: column; gap: 6px; margin-top: 10px; padding: 8px; background: #f7fbff; border-radius: 6px; }
    .att { display: flex; gap: 6px; flex-wrap: wrap; } .att .input { flex: 1 1 100px; }
    .plain { list-style: none; padding: 0; margin: 4px 0; } .plain li { padding: 3px 0; }
    .code { font-size: 18px; } .code strong { font-size: 28px; letter-spacing: 4px; color: var(--oa-red); }
    .small { font-size: 12px; }
    .badge.ok { background: #dff5e3; color: #145a24; }
    @media (max-width: 520px) { .tbl td, .tbl th { padding: 4px; font-size: 13px; } }
  `,
})
export class MeetingPage {
  private readonly api = inject(MeetingsApi);
  private readonly http = inject(HttpClient);
  private readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';
  readonly origin = location.origin;
  readonly m = signal<MeetingView | null>(null);
  /** 签到二维码 (PNG data URL), for the organiser only. */
  readonly qr = signal<string | null>(null);
  readonly error = signal('');
  readonly note = signal('');
  readonly busy = signal(false);
  readonly attendees = signal<Attendee[]>([{ name: '', unitName: '', position: '', phone: '' }]);
  replyUnit = '';
  standIn = '';
  code = '';
  reqTitle = '';
  reqDeadline = '';
  readonly minutesPath = computed(() => (this.m()?.minutesLink ?? '').split('?')[0]);
  readonly minutesQuery = computed(() => Object.fromEntries(new URLSearchParams((this.m()?.minutesLink ?? '').split('?')[1] ?? '')));

  constructor() {
    void this.load();
  }

  t(iso: string) {
    return formatTime(iso);
  }
  when(m: MeetingView) {
    return span(m.start, m.end);
  }
  can(a: string) {
    return this.m()?.allowedActions.includes(a) ?? false;
  }
  names(list: { name: string }[]) {
    return list.map((x) => x.name).join('、');
  }
  unitName(id: string) {
    return this.m()?.units.find((u) => u.unitId === id)?.unitName ?? id;
  }
  addAttendee() {
    this.attendees.update((l) => [...l, { name: '', unitName: '', position: '', phone: '' }]);
  }

  async load() {
    try {
      const m = await this.api.meeting(this.id);
      this.m.set(m);
      if (m.checkInCode && !this.qr()) {
        this.api
          .checkInQr(this.id)
          .then((q) => this.qr.set(q.image))
          .catch(() => this.qr.set(null));
      }
      if (!this.replyUnit || !m.replyUnits.includes(this.replyUnit)) this.replyUnit = m.replyUnits[0] ?? '';
      this.error.set('');
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  private async run(f: () => Promise<unknown>, ok: string) {
    this.busy.set(true);
    this.note.set('');
    this.error.set('');
    try {
      await f();
      this.note.set(ok);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }

  act(path: string) {
    return this.run(() => this.api.act(this.id, path), '已发出催报提醒');
  }
  cancel() {
    const reason = prompt('取消会议的原因') ?? '';
    if (!reason) return;
    return this.run(() => this.api.act(this.id, 'cancel', { reason }), '会议已取消，已通知参会单位和人员');
  }
  reply() {
    const unitName = this.unitName(this.replyUnit);
    const list = this.attendees()
      .filter((a) => a.name.trim())
      .map((a) => ({ ...a, unitName: a.unitName || unitName }));
    return this.run(() => this.api.act(this.id, 'reply', { unitId: this.replyUnit, attendees: list }), '回执已报送');
  }
  answer(answer: 'accept' | 'decline') {
    const standIn = answer === 'decline' && this.standIn.trim() ? { name: this.standIn.trim() } : undefined;
    return this.run(
      () => this.api.act(this.id, 'answer', { answer, ...(standIn ? { standIn } : {}) }),
      answer === 'accept' ? '已确认参加' : '已回复不参加',
    );
  }
  checkIn() {
    return this.run(() => this.api.act(this.id, 'check-in', { code: this.code.trim(), method: 'code' }), '签到成功');
  }
  requestMaterials() {
    if (!this.reqTitle.trim() || !this.reqDeadline) {
      this.error.set('请填写征集材料名称和截止时间');
      return;
    }
    const deadline = new Date(this.reqDeadline).toISOString();
    return this.run(() => this.api.act(this.id, 'material-requests', { title: this.reqTitle.trim(), deadline }), '已向参会单位征集材料');
  }
  distribute(ev: Event) {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (f) void this.run(() => this.api.upload(`/api/meetings/${encodeURIComponent(this.id)}/materials`, f), '材料已下发');
  }
  submitMaterial(requestId: string, unitId: string, ev: Event) {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (f)
      void this.run(
        () =>
          this.api.upload(
            `/api/meetings/${encodeURIComponent(this.id)}/material-requests/${encodeURIComponent(requestId)}/submit?unitId=${encodeURIComponent(unitId)}`,
            f,
          ),
        '材料已报送',
      );
  }
  async download(sha: string, name: string) {
    try {
      saveBlob(
        await firstValueFrom(this.http.get(`/api/meetings/${encodeURIComponent(this.id)}/files/${sha}`, { responseType: 'blob' })),
        name,
      );
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async export(format: 'xlsx' | 'pdf') {
    try {
      const blob = await firstValueFrom(
        this.http.get(`/api/meetings/${encodeURIComponent(this.id)}/attendees`, { params: { format }, responseType: 'blob' }),
      );
      if (format === 'pdf') window.open(URL.createObjectURL(blob), '_blank');
      else saveBlob(blob, `${this.m()?.title ?? '会议'}参会人员名单.xlsx`);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
