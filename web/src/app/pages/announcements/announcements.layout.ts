import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth.service';

const TABS = [
  { path: '/announcements', label: '我收到的', anyOf: ['announcement.read'], exact: true },
  { path: '/announcements/manage', label: '发布管理', anyOf: ['workflow.use', 'announcement.publish'], exact: true },
  { path: '/announcements/new', label: '起草', anyOf: ['workflow.use'], exact: true },
];

/** 通知公告 module frame: the sub-navigation (filtered by permission) above the page. */
@Component({
  selector: 'oa-announcements-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page ann">
      <nav class="tabs" aria-label="通知公告导航">
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on" [routerLinkActiveOptions]="{ exact: t.exact }">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .ann { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
  `,
})
export class AnnouncementsLayout {
  private readonly auth = inject(AuthService);
  readonly tabs = computed(() => TABS.filter((t) => this.auth.can(t.anyOf)));
}
