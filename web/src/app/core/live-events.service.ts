import { Injectable, NgZone, OnDestroy, inject } from '@angular/core';
import { Subject, firstValueFrom } from 'rxjs';
import { AuthService, sessionRefused } from './auth.service';
import { tokens } from './tokens';

export interface LiveEvent {
  type: string;
  data: unknown;
}

/** SSE event names the server may use besides the default 'message' ('ready' and 'expired' are control events). */
const NAMED = ['notification', 'inbox', 'task', 'counts', 'process'];

/**
 * GET /api/events/stream?access_token=… (EventSource cannot set headers). Reconnects with a renewed
 * token when the stream closes (the access token lives 15 minutes), with backoff.
 */
@Injectable({ providedIn: 'root' })
export class LiveEvents implements OnDestroy {
  private readonly auth = inject(AuthService);
  private readonly zone = inject(NgZone);
  private source: EventSource | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private users = 0;
  readonly events = new Subject<LiveEvent>();

  /** Start (ref-counted) the stream; returns a stop function. */
  connect(): () => void {
    this.users++;
    if (this.users === 1) this.open();
    return () => {
      this.users--;
      if (this.users === 0) this.close();
    };
  }

  private open(): void {
    if (typeof EventSource === 'undefined' || !tokens.access) return;
    const es = new EventSource(`/api/events/stream?access_token=${encodeURIComponent(tokens.access)}`);
    this.source = es;
    const emit = (type: string) => (ev: MessageEvent) => {
      let data: unknown = ev.data;
      try {
        data = JSON.parse(ev.data as string);
      } catch {
        /* keep text */
      }
      this.attempts = 0;
      this.zone.run(() => this.events.next({ type, data }));
    };
    es.onmessage = emit('message');
    for (const n of NAMED) es.addEventListener(n, emit(n) as EventListener);
    es.onopen = () => (this.attempts = 0);
    // The server closes the stream when the access token expires: renew it and reconnect.
    es.addEventListener('expired', () => {
      es.close();
      this.source = null;
      this.attempts = 0;
      this.schedule();
    });
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) return; // the browser retries by itself
      this.source = null;
      this.schedule();
    };
  }

  private schedule(): void {
    if (this.users === 0 || this.retry) return;
    const delay = Math.min(30_000, 1000 * 2 ** this.attempts++);
    this.retry = setTimeout(async () => {
      this.retry = null;
      if (this.users === 0) return;
      try {
        if (tokens.refresh) await firstValueFrom(this.auth.refresh());
      } catch (err) {
        if (sessionRefused(err)) return; // session over: the interceptor sends the user to the login page on the next call
        this.schedule(); // the renewal failed on the network: try again later
        return;
      }
      this.open();
    }, delay);
  }

  private close(): void {
    this.source?.close();
    this.source = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  ngOnDestroy(): void {
    this.close();
  }
}
