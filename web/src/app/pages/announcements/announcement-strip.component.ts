import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { AnnouncementsApi, NoticeRow } from './announcements-api.service';

/**
 * 工作台通知公告滚动条: the notices showing now for me (pinned first), scrolling one after another
 * every 4 s (paused while hovered or focused); each links to the notice. Used by the workbench page.
 */
@Component({
  selector: 'oa-announcement-strip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="announce card" aria-label="通知公告" data-testid="announcement-strip" (mouseenter)="paused.set(true)" (mouseleave)="paused.set(false)">
      <a class="tag" routerLink="/announcements">通知公告</a>
      <div class="ticker" aria-live="polite">
        @if (current(); as n) {
          <a [routerLink]="['/announcements', n.id]" data-testid="strip-item" (focus)="paused.set(true)" (blur)="paused.set(false)">
            @if (n.pinned) { <span class="pin">置顶</span> }
            @if (!n.read) { <span class="dot" title="未读"></span> }
            {{ n.title }}
          </a>
        } @else {
          <span class="muted">暂无通知公告</span>
        }
      </div>
      @if (items().length > 1) { <span class="muted count">{{ index() + 1 }}/{{ items().length }}</span> }
    </section>
  `,
  styles: `
    .announce { display: flex; align-items: center; gap: 10px; padding: 8px 12px; margin-bottom: 12px; overflow: hidden; }
    .tag { flex: none; background: var(--oa-red); color: #fff; font-size: 12px; padding: 1px 8px; border-radius: 3px; text-decoration: none; }
    .ticker { flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .ticker a { color: var(--oa-text); }
    .pin { color: var(--oa-red); font-size: 12px; border: 1px solid var(--oa-red); border-radius: 3px; padding: 0 4px; margin-right: 4px; }
    .dot { display: inline-block; width: 7px; height: 7px; border-radius: 50%; background: var(--oa-red); margin-right: 4px; vertical-align: middle; }
    .count { flex: none; font-size: 12px; }
  `,
})
export class AnnouncementStripComponent {
  private readonly api = inject(AnnouncementsApi);
  readonly items = signal<NoticeRow[]>([]);
  readonly index = signal(0);
  readonly paused = signal(false);
  readonly current = computed(() => this.items()[this.index() % Math.max(1, this.items().length)] ?? null);

  constructor() {
    if (!inject(AuthService).can(['announcement.read'])) return;
    void this.api.strip().then(
      (r) => this.items.set(r.items),
      () => this.items.set([]),
    );
    const timer = setInterval(() => {
      if (!this.paused() && this.items().length > 1) this.index.update((i) => (i + 1) % this.items().length);
    }, 4000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
