import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth.service';

const TABS = [
  { path: '/meetings/rooms', label: '综合安排', anyOf: ['meeting.use'] },
  { path: '/meetings/list', label: '我的会议', anyOf: ['meeting.use'] },
  { path: '/meetings/new', label: '发起会议', anyOf: ['meeting.use'] },
  { path: '/meetings/bookings', label: '我的预约', anyOf: ['meeting.use'] },
  { path: '/meetings/manage', label: '会议室管理', anyOf: ['meeting.admin'] },
];

/** 会议 module frame: the sub-navigation (filtered by permission) above the page. */
@Component({
  selector: 'oa-meetings-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page mt">
      <nav class="tabs" aria-label="会议导航" data-testid="meeting-tabs">
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .mt { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    @media (max-width: 520px) { .tabs a { padding: 10px 10px; } }
  `,
})
export class MeetingsLayout {
  private readonly auth = inject(AuthService);
  readonly tabs = computed(() => TABS.filter((t) => this.auth.can(t.anyOf)));
}
