import { Injectable, signal } from '@angular/core';
import { problemMessage } from './problem';

/** The friendly error banner at the top of the portal (shows the RFC 7807 `detail`). */
@Injectable({ providedIn: 'root' })
export class ErrorBanner {
  readonly message = signal<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;

  show(err: unknown): void {
    this.message.set(problemMessage(err));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.message.set(null), 12_000);
  }

  clear(): void {
    this.message.set(null);
  }
}
