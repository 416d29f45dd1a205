import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth.service';

const TABS = [
  { path: '/expenses/ledger', label: '费用台账', anyOf: ['expense.use', 'expense.ledger'], exact: true },
  { path: '/expenses/new', label: '新建报销', anyOf: ['expense.use'] },
  { path: '/expenses/stats', label: '预算与统计', anyOf: ['expense.ledger', 'report.read'] },
];

/** 费用 module frame: the sub-navigation (filtered by permission) above the page. */
@Component({
  selector: 'oa-expenses-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page exp">
      <nav class="tabs" aria-label="费用导航" data-testid="exp-tabs">
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on" [routerLinkActiveOptions]="{ exact: !!t.exact }">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .exp { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
  `,
})
export class ExpensesLayout {
  private readonly auth = inject(AuthService);
  readonly tabs = computed(() => TABS.filter((t) => this.auth.can(t.anyOf)));
}
