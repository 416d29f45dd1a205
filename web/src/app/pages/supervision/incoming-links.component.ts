import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import { SupervisionApi, SupervisionIncomingLinks } from './supervision-api.service';

/**
 * On a 收文's page: the 督办事项 started from it (links) and, for the supervising staff, 立项督办 — which
 * opens the 立项 page with the document as the source. Shown only to users of 督办.
 */
@Component({
  selector: 'oa-supervision-incoming-links',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @if (links(); as l) {
      @if (l.items.length || l.canPropose) {
        <section class="card sup-links" data-testid="supervision-links">
          <h2>督办</h2>
          @for (x of l.items; track x.id) {
            <div><a [routerLink]="['/supervision/items', x.id]">{{ x.title }}</a> <span class="badge">{{ x.statusLabel }}</span></div>
          }
          @if (l.canPropose) {
            <a class="btn small" routerLink="/supervision/new" [queryParams]="{ incomingId: incomingId() }" data-testid="propose-from-incoming">立项督办</a>
          }
        </section>
      }
    }
  `,
  styles: `.sup-links { display: flex; flex-direction: column; gap: 6px; align-items: flex-start; } .sup-links h2 { margin: 0; }`,
})
export class SupervisionIncomingLinksComponent {
  private readonly api = inject(SupervisionApi);
  private readonly auth = inject(AuthService);
  readonly incomingId = input.required<string>();
  readonly links = signal<SupervisionIncomingLinks | null>(null);

  constructor() {
    effect(() => {
      const id = this.incomingId();
      if (!id || !this.auth.can(['supervision.use', 'supervision.admin'])) return;
      this.api
        .byIncoming(id)
        .then((l) => this.links.set(l))
        .catch(() => this.links.set(null));
    });
  }
}
