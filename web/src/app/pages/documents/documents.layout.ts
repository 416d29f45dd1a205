import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../../core/auth.service';

interface Tab {
  path: string;
  label: string;
  anyOf: string[];
  exact?: boolean;
}

const TABS: Tab[] = [
  { path: '/documents/outgoing', label: '发文', anyOf: ['document.read', 'document.draft'], exact: true },
  { path: '/documents/outgoing/new', label: '拟稿', anyOf: ['document.draft'] },
  { path: '/documents/incoming/pending', label: '待签收', anyOf: ['document.register'] },
  { path: '/documents/incoming', label: '收文登记簿', anyOf: ['document.read', 'document.register'], exact: true },
  { path: '/documents/circulation', label: '我的待阅', anyOf: ['document.read'] },
  { path: '/documents/search', label: '综合查询', anyOf: ['document.read'] },
  { path: '/documents/archive', label: '归档目录', anyOf: ['document.admin'] },
];

/** 公文 module frame: the sub-navigation (filtered by permission) above the page. */
@Component({
  selector: 'oa-documents-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page docs">
      <nav class="tabs" aria-label="公文导航" data-testid="doc-tabs">
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on" [routerLinkActiveOptions]="{ exact: !!t.exact }">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .docs { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; scrollbar-width: thin; }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    @media (max-width: 520px) { .tabs a { padding: 10px 10px; } }
  `,
})
export class DocumentsLayout {
  private readonly auth = inject(AuthService);
  readonly tabs = computed(() => TABS.filter((t) => this.auth.can(t.anyOf)));
}
