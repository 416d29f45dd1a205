import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth.service';

const TABS = [
  { path: '/abroad/applications', label: '出国（境）申请', anyOf: ['travel.use', 'travel.admin'], exact: true },
  { path: '/abroad/applications/new', label: '新建申请', anyOf: ['travel.use'], exact: false },
  { path: '/abroad/passports', label: '证照台账', anyOf: ['travel.use', 'travel.admin'], exact: false },
];

/** 出国境 module frame: the sub-navigation above the page. */
@Component({
  selector: 'oa-abroad-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page abroad">
      <nav class="tabs" aria-label="出国境导航" data-testid="abroad-tabs">
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on" [routerLinkActiveOptions]="{ exact: t.exact }">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .abroad { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    @media (max-width: 520px) { .tabs a { padding: 10px 10px; } }
  `,
})
export class AbroadLayout {
  private readonly auth = inject(AuthService);
  readonly tabs = computed(() => TABS.filter((t) => this.auth.can(t.anyOf)));
}
