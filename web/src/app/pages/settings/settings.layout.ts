import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AuthService } from '../../core/auth.service';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

@Component({
  selector: 'oa-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page">
      <h1>个人设置</h1>
      <nav class="tabs">
        @if (works()) {
          <a routerLink="opinions" routerLinkActive="on">常用意见</a>
          <a routerLink="delegation" routerLinkActive="on">外出授权</a>
        }
        <a routerLink="password" routerLinkActive="on">修改密码</a>
      </nav>
      <router-outlet />
    </div>
  `,
  styles: `
    .tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--oa-border); margin-bottom: 12px; overflow-x: auto; }
    .tabs a { padding: 8px 14px; color: var(--oa-text); border-bottom: 2px solid transparent; white-space: nowrap; text-decoration: none; }
    .tabs a.on { color: var(--oa-red); border-bottom-color: var(--oa-red); font-weight: 600; }
  `,
})
export class SettingsLayout {
  /** 常用意见 and 外出授权 belong to people who handle flows (not to the 三员). */
  private readonly auth = inject(AuthService);
  readonly works = computed(() => this.auth.can(['workflow.use']));
}
