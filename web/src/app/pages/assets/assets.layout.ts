import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth.service';

const TABS = [
  { path: '/assets/list', label: '资产台账', anyOf: ['asset.use', 'asset.admin'] },
  { path: '/assets/stocktakes', label: '盘点', anyOf: ['asset.use', 'asset.admin'] },
  { path: '/assets/purchases', label: '采购申请', anyOf: ['asset.use', 'asset.admin'] },
  { path: '/assets/transfers', label: '转移记录', anyOf: ['asset.use', 'asset.admin'] },
  { path: '/assets/reports', label: '统计报表', anyOf: ['asset.admin'] },
];

/** 固定资产 module frame: the sub-navigation (filtered by permission) above the page. */
@Component({
  selector: 'oa-assets-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page assets">
      <nav class="tabs" aria-label="资产导航" data-testid="asset-tabs">
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .assets { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    @media (max-width: 520px) { .tabs a { padding: 10px 10px; } }
  `,
})
export class AssetsLayout {
  private readonly auth = inject(AuthService);
  readonly tabs = computed(() => TABS.filter((t) => this.auth.can(t.anyOf)));
}
