import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth.service';

const TABS = [
  { path: '/attendance/apply', label: '申请', anyOf: ['attendance.use'] },
  { path: '/attendance/mine', label: '我的考勤', anyOf: ['attendance.use'] },
  { path: '/attendance/monitor', label: '考勤监控', anyOf: ['attendance.admin'] },
  { path: '/attendance/statement', label: '考勤月报', anyOf: ['attendance.admin'] },
];

/** 考勤 module frame: the sub-navigation (filtered by permission) above the page. */
@Component({
  selector: 'oa-attendance-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page att">
      <nav class="tabs" aria-label="考勤导航" data-testid="att-tabs">
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .att { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
  `,
})
export class AttendanceLayout {
  private readonly auth = inject(AuthService);
  readonly tabs = computed(() => TABS.filter((t) => this.auth.can(t.anyOf)));
}
