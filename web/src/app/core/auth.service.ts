import { HttpBackend, HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { Observable, filter, firstValueFrom, finalize, map, shareReplay } from 'rxjs';
import { Me, MeAnswer, normalizeMe } from './models';
import { hasAny } from './permissions';
import { tokens } from './tokens';

interface TokenPair {
  accessToken: string;
  refreshToken?: string;
}

/**
 * Did the server refuse the renewal (the session is over)? A network failure or a 5xx is not a
 * refusal: the tokens stay, and the next call renews (the server accepts the same refresh token
 * again for 30 s after a rotation whose answer was lost).
 */
export const sessionRefused = (err: unknown): boolean =>
  err instanceof HttpErrorResponse && (err.status === 400 || err.status === 401 || err.status === 403);

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  /** Bypasses the interceptors: refresh and logout must not recurse into the 401 handler. */
  private readonly raw = new HttpClient(inject(HttpBackend));
  private readonly router = inject(Router);

  readonly me = signal<Me | null>(null);
  readonly permissions = computed(() => this.me()?.permissions ?? []);
  private refreshing: Observable<string> | null = null;
  private meLoading: Promise<Me | null> | null = null;
  /** The password was set by an administrator (reset, or a production start's one-time password): change it first. */
  readonly mustChangePassword = signal(false);
  static readonly PASSWORD_PAGE = '/settings/password';

  constructor() {
    // 强制修改密码: until it is changed, every navigation ends on the password page (the API refuses the rest, 403)
    this.router.events.pipe(filter((e): e is NavigationEnd => e instanceof NavigationEnd)).subscribe((e) => {
      if (!this.mustChangePassword() || e.urlAfterRedirects.startsWith(AuthService.PASSWORD_PAGE)) return;
      void this.loadMe(true).then(() => {
        if (this.mustChangePassword() && this.loggedIn) void this.router.navigate([AuthService.PASSWORD_PAGE]);
      });
    });
  }

  get loggedIn(): boolean {
    return tokens.access !== null;
  }

  can(anyOf: readonly string[] | undefined): boolean {
    return hasAny(this.permissions(), anyOf);
  }

  async login(username: string, password: string): Promise<Me | null> {
    const r = await firstValueFrom(this.raw.post<TokenPair & { user?: unknown }>('/api/auth/login', { username, password }));
    tokens.set(r.accessToken, r.refreshToken);
    this.me.set(null);
    this.meLoading = null;
    return this.loadMe();
  }

  /** GET /api/me once per session (the guards await it). */
  loadMe(force = false): Promise<Me | null> {
    if (!this.loggedIn) return Promise.resolve(null);
    if (this.me() && !force) return Promise.resolve(this.me());
    if (!this.meLoading || force) {
      this.meLoading = firstValueFrom(this.http.get<MeAnswer>('/api/me'))
        .then((x) => {
          const me = normalizeMe(x);
          this.mustChangePassword.set(x.user.mustChangePassword);
          this.me.set(me);
          return me;
        })
        .catch(() => null)
        .finally(() => (this.meLoading = null));
    }
    return this.meLoading;
  }

  /**
   * POST /api/auth/refresh with the stored refresh token (rotating). Concurrent 401s share one
   * call. Emits the new access token, or errors when the session cannot be renewed.
   */
  refresh(): Observable<string> {
    if (!this.refreshing) {
      const refreshToken = tokens.refresh;
      this.refreshing = this.raw.post<TokenPair>('/api/auth/refresh', { refreshToken }).pipe(
        map((r) => {
          tokens.set(r.accessToken, r.refreshToken);
          return r.accessToken;
        }),
        finalize(() => (this.refreshing = null)),
        shareReplay(1),
      );
    }
    return this.refreshing;
  }

  /** Session over (logout or refresh failed): drop tokens and go to the login page, keeping where we were. */
  expire(returnUrl?: string): void {
    tokens.clear();
    this.me.set(null);
    void this.router.navigate(['/login'], { queryParams: returnUrl && returnUrl !== '/login' ? { returnUrl } : {} });
  }

  async logout(): Promise<void> {
    const refreshToken = tokens.refresh;
    const access = tokens.access;
    if (access) {
      try {
        await firstValueFrom(this.raw.post('/api/auth/logout', { refreshToken }, { headers: { Authorization: `Bearer ${access}` } }));
      } catch {
        /* logging out locally is enough when the server cannot be reached */
      }
    }
    tokens.clear();
    this.me.set(null);
    await this.router.navigate(['/login']);
  }
}
