import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'oa-not-found',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="page">
      <div class="card status" data-testid="not-found">
        <div class="code">404</div>
        <h1>页面不存在</h1>
        <p class="muted">您访问的页面不存在或已被移除，请检查地址是否正确。</p>
        <a routerLink="/home" class="btn primary">返回工作台</a>
      </div>
    </div>
  `,
  styles: `.status { text-align: center; padding: 48px 16px; } .code { font-size: 48px; font-weight: 700; color: var(--oa-red); }`,
})
export class NotFoundPage {}
