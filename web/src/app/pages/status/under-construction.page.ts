import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { moduleByPath } from '../../core/modules';

/** A module the platform has not built yet: a friendly 建设中 page. */
@Component({
  selector: 'oa-under-construction',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="page">
      <div class="card status">
        <div class="glyph" aria-hidden="true">🚧</div>
        <h1>{{ label() }} · 建设中</h1>
        <p class="muted">“{{ label() }}”模块正在建设中，敬请期待。您可以先回到个人工作台处理待办事项。</p>
        <a routerLink="/home" class="btn primary">返回工作台</a>
      </div>
    </div>
  `,
  styles: `.status { text-align: center; padding: 48px 16px; } .glyph { font-size: 44px; margin-bottom: 8px; }`,
})
export class UnderConstructionPage {
  /** Route data `module` (component input binding). */
  readonly module = input<string>('');
  readonly label = computed(() => moduleByPath(this.module())?.label ?? '该模块');
}
