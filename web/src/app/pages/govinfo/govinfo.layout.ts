import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth.service';

const TABS = [
  { path: '/govinfo', label: '本单位报送', anyOf: ['govinfo.submit'] },
  { path: '/govinfo/review', label: '信息审核', anyOf: ['govinfo.review'] },
  { path: '/govinfo/calls', label: '约稿', anyOf: ['govinfo.submit', 'govinfo.review'] },
  { path: '/govinfo/ranking', label: '积分排名', anyOf: ['govinfo.submit', 'govinfo.review'] },
];

/** 信息报送 module frame. */
@Component({
  selector: 'oa-govinfo-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page gi">
      <nav class="tabs" aria-label="信息报送导航">
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on" [routerLinkActiveOptions]="{ exact: true }">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .gi { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
  `,
})
export class GovInfoLayout {
  private readonly auth = inject(AuthService);
  readonly tabs = computed(() => TABS.filter((t) => this.auth.can(t.anyOf)));
}
