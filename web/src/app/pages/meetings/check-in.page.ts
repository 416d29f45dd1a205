import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { MeetingsApi } from './meetings-api.service';

/** 扫码签到 (phone): the QR at the door opens this page with the code; one tap checks in. */
@Component({
  selector: 'oa-meeting-check-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    <section class="card ci">
      <h2>会议签到</h2>
      @if (done()) { <div class="alert ok" role="status" data-testid="check-in-done">签到成功</div> }
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      <label class="field">签到码 <input class="input" [(ngModel)]="code" inputmode="numeric" maxlength="6" /></label>
      <button type="button" class="btn primary big" (click)="checkIn()" [disabled]="busy() || done()">签到</button>
      <a [routerLink]="['/meetings', id]">查看会议</a>
    </section>
  `,
  styles: `.ci { display: flex; flex-direction: column; gap: 12px; max-width: 420px; margin: 0 auto; } .big { font-size: 18px; padding: 12px; }`,
})
export class CheckInPage {
  private readonly api = inject(MeetingsApi);
  private readonly route = inject(ActivatedRoute);
  readonly id = this.route.snapshot.paramMap.get('id') ?? '';
  code = this.route.snapshot.queryParamMap.get('code') ?? '';
  readonly done = signal(false);
  readonly busy = signal(false);
  readonly error = signal('');

  async checkIn() {
    this.busy.set(true);
    this.error.set('');
    try {
      await this.api.act(this.id, 'check-in', { code: this.code.trim(), method: 'qr' });
      this.done.set(true);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
