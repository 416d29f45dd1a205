import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { saveBlob } from '../documents/documents-api.service';
import { FormsModule } from '@angular/forms';
import { AuthService } from '../../core/auth.service';
import { problemMessage } from '../../core/problem';
import { MeetingsApi, Room } from './meetings-api.service';

/** 会议室管理 (meeting.admin): the unit's rooms; register one (capacity, equipment, hours, approval). */
@Component({
  selector: 'oa-meeting-rooms',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
    @if (note()) { <div class="alert ok" role="status">{{ note() }}</div> }
    <section class="card">
      <h2>会议室</h2>
      <table class="tbl">
        <thead><tr><th>名称</th><th>单位</th><th>容纳</th><th>设备</th><th>开放时间</th><th>审批</th></tr></thead>
        <tbody>
          @for (r of rooms(); track r.roomId) {
            <tr><td>{{ r.name }}<div class="muted small">{{ r.location }}</div></td><td>{{ r.unitName }}</td><td>{{ r.capacity }}</td><td>{{ r.equipment.join('、') }}</td><td>{{ r.opensAt }}–{{ r.closesAt }}</td><td>{{ r.needsApproval ? '需审批' : '—' }}</td></tr>
          }
        </tbody>
      </table>
    </section>
    <section class="card util">
      <h3>会议室使用率</h3>
      <div class="row">
        <label class="field">月份 <input class="input" type="month" [(ngModel)]="month" name="month" (change)="loadUtil()" aria-label="月份" /></label>
        <button type="button" class="btn small" (click)="exportUtil()">导出 Excel</button>
      </div>
      @if (util(); as u) {
        <div class="muted small">工作日 {{ u.workingDays }} 天（按法定节假日和调休）</div>
        <table class="tbl" data-testid="utilisation">
          <thead><tr><th>会议室</th><th>单位</th><th>已预约（小时）</th><th>开放（小时）</th><th>使用率</th></tr></thead>
          <tbody>@for (r of u.items; track r.roomId) { <tr><td>{{ r.name }}</td><td>{{ r.unitName }}</td><td>{{ r.bookedHours }}</td><td>{{ r.openHours }}</td><td>{{ r.rate }}%</td></tr> }</tbody>
        </table>
      }
    </section>
    <form class="card form" (ngSubmit)="register()">
      <h3>登记会议室</h3>
      <div class="row">
        <label class="field">名称 <input class="input" name="name" [(ngModel)]="name" maxlength="60" /></label>
        <label class="field">容纳人数 <input class="input" type="number" min="1" name="cap" [(ngModel)]="capacity" /></label>
        <label class="field">位置 <input class="input" name="loc" [(ngModel)]="loc" /></label>
      </div>
      <div class="row">
        <label class="field">设备（逗号分隔） <input class="input" name="eq" [(ngModel)]="equipment" /></label>
        <label class="field">开放 <input class="input" type="time" name="o" [(ngModel)]="opensAt" /></label>
        <label class="field">关闭 <input class="input" type="time" name="c" [(ngModel)]="closesAt" /></label>
      </div>
      <label class="chk"><input type="checkbox" name="na" [(ngModel)]="needsApproval" /> 预约需会议室管理员审批（由我审批）</label>
      <label class="chk"><input type="checkbox" name="all" [(ngModel)]="openToAll" /> 向全区各单位开放预约</label>
      <div><button type="submit" class="btn primary">登记</button></div>
    </form>
  `,
  styles: `
    .tbl { width: 100%; border-collapse: collapse; } .tbl th, .tbl td { border-bottom: 1px solid var(--oa-border); padding: 6px; text-align: left; }
    .form { display: flex; flex-direction: column; gap: 8px; margin-top: 12px; } .row { display: flex; gap: 10px; flex-wrap: wrap; } .row .field { flex: 1 1 150px; }
      .util { margin-top: 12px; } .small { font-size: 12px; } .chk { display: flex; gap: 6px; align-items: center; }
    @media (max-width: 520px) { .tbl { font-size: 13px; } }
  `,
})
export class ManageRoomsPage {
  private readonly api = inject(MeetingsApi);
  private readonly auth = inject(AuthService);
  private readonly http = inject(HttpClient);
  readonly rooms = signal<Room[]>([]);
  readonly error = signal('');
  readonly note = signal('');
  name = '';
  capacity = 20;
  loc = '';
  equipment = '';
  opensAt = '08:00';
  closesAt = '21:00';
  needsApproval = false;
  openToAll = false;

  month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  readonly util = signal<{
    workingDays: number;
    items: { roomId: string; name: string; unitName: string; bookedHours: number; openHours: number; rate: number }[];
  } | null>(null);

  constructor() {
    void this.load();
    void this.loadUtil();
  }

  private ym() {
    const [year, month] = this.month.split('-');
    return { year: String(Number(year)), month: String(Number(month)) };
  }

  async loadUtil() {
    try {
      this.util.set(await firstValueFrom(this.http.get<never>('/api/meetings/utilisation', { params: this.ym() })));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async exportUtil() {
    try {
      saveBlob(
        await firstValueFrom(
          this.http.get('/api/meetings/utilisation', { params: { ...this.ym(), format: 'xlsx' }, responseType: 'blob' }),
        ),
        `会议室使用率-${this.month}.xlsx`,
      );
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async load() {
    try {
      this.rooms.set((await this.api.rooms()).items);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async register() {
    this.error.set('');
    try {
      const me = this.auth.me()?.id;
      await this.api.registerRoom({
        name: this.name.trim(),
        capacity: Number(this.capacity),
        location: this.loc,
        equipment: this.equipment
          .split(/[,，、]/)
          .map((s) => s.trim())
          .filter(Boolean),
        opensAt: this.opensAt,
        closesAt: this.closesAt,
        needsApproval: this.needsApproval,
        bookableBy: this.openToAll ? 'all' : 'unit',
        adminIds: me ? [me] : [],
      });
      this.note.set('会议室已登记');
      this.name = '';
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
}
