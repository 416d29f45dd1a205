import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'oa-forbidden',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="page">
      <div class="card status" data-testid="forbidden">
        <div class="code">403</div>
        <h1>无权访问</h1>
        <p class="muted">您没有访问该页面的权限。如需开通，请联系本单位系统管理员。</p>
        <a routerLink="/home" class="btn primary">返回工作台</a>
      </div>
    </div>
  `,
  styles: `.status { text-align: center; padding: 48px 16px; } .code { font-size: 48px; font-weight: 700; color: var(--oa-red); }`,
})
export class ForbiddenPage {}
