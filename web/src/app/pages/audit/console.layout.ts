import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';

export interface ConsoleTab {
  path: string;
  label: string;
}

/** The frame of the 三员 consoles (安全审计 / 安全管理 / 系统管理): a title and the sub-navigation from the route data. */
@Component({
  selector: 'oa-console-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page console">
      <nav class="tabs" [attr.aria-label]="title()" data-testid="console-tabs">
        <strong class="ttl">{{ title() }}</strong>
        @for (t of tabs(); track t.path) {
          <a [routerLink]="t.path" routerLinkActive="on">{{ t.label }}</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .console { display: flex; flex-direction: column; gap: 12px; }
    .tabs { display: flex; gap: 2px; align-items: center; overflow-x: auto; border-bottom: 1px solid var(--oa-border); background: #fff; border-radius: var(--oa-radius) var(--oa-radius) 0 0; padding: 0 6px; scrollbar-width: thin; }
    .ttl { padding: 10px 12px 10px 6px; white-space: nowrap; color: var(--oa-red); }
    .tabs a { padding: 10px 14px; white-space: nowrap; color: var(--oa-text); text-decoration: none; border-bottom: 2px solid transparent; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
    @media (max-width: 520px) { .tabs a { padding: 10px 10px; } .ttl { display: none; } }
  `,
})
export class ConsoleLayout {
  private readonly data = toSignal(inject(ActivatedRoute).data.pipe(map((d) => d as { title?: string; tabs?: ConsoleTab[] })));
  readonly title = computed(() => this.data()?.title ?? '');
  readonly tabs = computed(() => this.data()?.tabs ?? []);
}
