import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { PersonPickerComponent } from '../../shared/picker/person-picker.component';
import { DocumentsApi, UnitOption } from '../documents/documents-api.service';
import { MeetingsApi, Room } from './meetings-api.service';
import { addDays, instant, todaySh } from './sh-time';

/** 发起会议: the notice (agenda, time, room booked with it), the invited units (回执) and persons. */
@Component({
  selector: 'oa-meeting-new',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, PersonPickerComponent],
  template: `
    <form class="card form" (ngSubmit)="submit()" data-testid="meeting-form">
      <h2>发起会议</h2>
      @if (error()) { <div class="alert" role="alert" data-testid="meeting-error">{{ error() }}</div> }
      <label class="field">会议名称 <input class="input" name="title" [(ngModel)]="title" maxlength="100" required data-testid="meeting-title" /></label>
      <label class="field">议程 <textarea class="input" name="agenda" rows="4" [(ngModel)]="agenda"></textarea></label>
      <div class="row">
        <label class="field">日期 <input class="input" type="date" name="date" [(ngModel)]="date" required /></label>
        <label class="field">开始 <input class="input" type="time" step="300" name="from" [(ngModel)]="from" required /></label>
        <label class="field">结束 <input class="input" type="time" step="300" name="to" [(ngModel)]="to" required /></label>
      </div>
      <div class="row">
        <label class="field">会议室
          <select class="input" name="roomId" [(ngModel)]="roomId" data-testid="meeting-room">
            <option value="">不使用会议室（填写地点）</option>
            @for (r of rooms(); track r.roomId) { <option [value]="r.roomId">{{ r.name }}（{{ r.capacity }} 人）</option> }
          </select>
        </label>
        @if (!roomId) { <label class="field">地点 <input class="input" name="location" [(ngModel)]="location" maxlength="100" /></label> }
      </div>
      <div class="row">
        <label class="field">回执截止日期 <input class="input" type="date" name="dd" [(ngModel)]="deadlineDate" required /></label>
        <label class="field">时间 <input class="input" type="time" name="dt" [(ngModel)]="deadlineTime" required /></label>
        <label class="field">截止前自动催报（小时） <input class="input" type="number" min="0" max="168" name="remind" [(ngModel)]="remindHours" /></label>
      </div>
      <fieldset class="units">
        <legend>参会单位（各单位报送回执）</legend>
        @for (u of units(); track u.id) {
          <label class="chk"><input type="checkbox" [checked]="unitIds().includes(u.id)" (change)="toggleUnit(u.id)" [attr.data-unit]="u.id" /> {{ u.name }}</label>
        }
      </fieldset>
      <div class="field">参会人员
        <div class="persons">
          @for (p of persons(); track p.id) { <span class="badge">{{ p.name }} <button type="button" class="x" (click)="removePerson(p.id)" aria-label="移除">×</button></span> }
        </div>
        <oa-person-picker inputId="meeting-person" label="添加参会人员" [(value)]="personPick" (picked)="addPerson($event)" />
      </div>
      <div class="ops"><button type="submit" class="btn primary" [disabled]="busy()" data-testid="meeting-submit">发出会议通知</button></div>
    </form>
  `,
  styles: `
    .form { display: flex; flex-direction: column; gap: 10px; max-width: 880px; }
    .row { display: flex; flex-wrap: wrap; gap: 10px; } .row .field { flex: 1 1 160px; }
    .units { border: 1px solid var(--oa-border); border-radius: 6px; padding: 8px; display: flex; flex-wrap: wrap; gap: 8px 16px; }
    .chk { display: inline-flex; gap: 4px; align-items: center; white-space: nowrap; }
    .persons { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
    .x { border: 0; background: transparent; cursor: pointer; }
  `,
})
export class NewMeetingPage {
  private readonly api = inject(MeetingsApi);
  private readonly docs = inject(DocumentsApi);
  private readonly router = inject(Router);
  title = '';
  agenda = '';
  date = addDays(todaySh(), 3);
  from = '09:30';
  to = '11:30';
  roomId = '';
  location = '';
  deadlineDate = addDays(todaySh(), 1);
  deadlineTime = '17:00';
  remindHours = 2;
  personPick = '';
  readonly rooms = signal<Room[]>([]);
  readonly units = signal<UnitOption[]>([]);
  readonly unitIds = signal<string[]>([]);
  readonly persons = signal<{ id: string; name: string }[]>([]);
  readonly error = signal('');
  readonly busy = signal(false);

  constructor() {
    void this.api
      .rooms()
      .then((r) => this.rooms.set(r.items))
      .catch((e) => this.error.set(problemMessage(e)));
    void this.docs
      .units()
      .then((u) => this.units.set(u))
      .catch(() => undefined);
  }

  toggleUnit(id: string) {
    this.unitIds.update((l) => (l.includes(id) ? l.filter((x) => x !== id) : [...l, id]));
  }
  addPerson(p: { id: string; name: string } | null) {
    if (p && !this.persons().some((x) => x.id === p.id)) this.persons.update((l) => [...l, { id: p.id, name: p.name }]);
    this.personPick = '';
  }
  removePerson(id: string) {
    this.persons.update((l) => l.filter((x) => x.id !== id));
  }

  async submit() {
    this.busy.set(true);
    this.error.set('');
    try {
      const r = await this.api.issue({
        title: this.title.trim(),
        agenda: this.agenda,
        start: instant(this.date, this.from),
        end: instant(this.date, this.to),
        ...(this.roomId ? { roomId: this.roomId } : { location: this.location }),
        unitIds: this.unitIds(),
        personIds: this.persons().map((p) => p.id),
        replyDeadline: instant(this.deadlineDate, this.deadlineTime),
        remindBeforeMinutes: Math.round(Number(this.remindHours) * 60),
      });
      await this.router.navigate(['/meetings', r.id]);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
