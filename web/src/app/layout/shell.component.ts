import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, firstValueFrom } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AuthService } from '../core/auth.service';
import { ErrorBanner } from '../core/error-banner.service';
import { ModulesService } from '../core/modules';

/** Portal layout: header (unit/department, name, settings, logout), module menu, error banner. */
@Component({
  selector: 'oa-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <header class="top">
      <button type="button" class="burger" (click)="menuOpen.set(!menuOpen())" [attr.aria-expanded]="menuOpen()" aria-controls="oa-menu" aria-label="打开菜单">
        <span></span><span></span><span></span>
      </button>
      <a routerLink="/home" class="brand"><span class="seal">政</span><span class="name">政务协同办公平台</span></a>
      <div class="who" data-testid="who">
        <span class="org">{{ org() }}</span>
        <span class="user">{{ me()?.name }}</span>
      </div>
      <nav class="top-actions">
        <a routerLink="/settings" class="top-link" title="个人设置">设置</a>
        <button type="button" class="top-link" (click)="logout()" data-testid="logout">退出</button>
      </nav>
    </header>
    <div class="body">
      <nav id="oa-menu" class="menu" [class.open]="menuOpen()" aria-label="模块菜单">
        @for (m of modules(); track m.path) {
          <a [routerLink]="'/' + m.path" routerLinkActive="active" class="menu-item" [attr.data-module]="m.path">
            <span class="icon" aria-hidden="true">{{ m.icon }}</span><span class="label">{{ m.label }}</span>
          </a>
        }
      </nav>
      @if (menuOpen()) { <div class="scrim" (click)="menuOpen.set(false)"></div> }
      <main class="main">
        @if (banner.message(); as msg) {
          <div class="alert banner" role="alert" data-testid="error-banner">
            <span>{{ msg }}</span>
            <button type="button" class="close" (click)="banner.clear()" aria-label="关闭">×</button>
          </div>
        }
        <router-outlet />
      </main>
    </div>
  `,
  styles: `
    :host { display: flex; flex-direction: column; min-height: 100vh; }
    .top { position: sticky; top: 0; z-index: 20; display: flex; align-items: center; gap: 12px; height: 56px; padding: 0 16px; background: linear-gradient(90deg, #8e1515, #b52222); color: #fff; }
    .brand { display: flex; align-items: center; gap: 8px; color: #fff; text-decoration: none; font-weight: 600; font-size: 17px; white-space: nowrap; }
    .seal { display: inline-grid; place-items: center; width: 30px; height: 30px; border: 2px solid #fcd9a8; border-radius: 50%; color: #fcd9a8; font-size: 15px; }
    .who { margin-left: auto; display: flex; flex-direction: column; align-items: flex-end; line-height: 1.25; min-width: 0; }
    .who .org { font-size: 12px; opacity: .85; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 40vw; }
    .who .user { font-weight: 600; white-space: nowrap; }
    .top-actions { display: flex; gap: 4px; }
    .top-link { color: #fff; background: transparent; border: 1px solid rgba(255,255,255,.35); border-radius: 4px; padding: 3px 10px; cursor: pointer; text-decoration: none; font-size: 13px; white-space: nowrap; }
    .top-link:hover { background: rgba(255,255,255,.12); text-decoration: none; }
    .burger { display: none; width: 36px; height: 36px; padding: 8px 7px; background: transparent; border: 0; cursor: pointer; flex-direction: column; justify-content: space-between; }
    .burger span { display: block; height: 2px; background: #fff; border-radius: 1px; }
    .body { flex: 1; display: flex; min-height: 0; }
    .menu { width: 184px; flex: none; background: #fff; border-right: 1px solid var(--oa-border); padding: 8px 0; position: sticky; top: 56px; align-self: flex-start; height: calc(100vh - 56px); overflow-y: auto; }
    .menu-item { display: flex; align-items: center; gap: 10px; padding: 9px 18px; color: var(--oa-text); text-decoration: none; }
    .menu-item:hover { background: #f6f1f1; text-decoration: none; }
    .menu-item.active { color: var(--oa-red); background: #fbeeee; border-right: 3px solid var(--oa-red); font-weight: 600; }
    .icon { display: inline-grid; place-items: center; width: 24px; height: 24px; border-radius: 5px; background: #f3e3e3; color: var(--oa-red); font-size: 13px; }
    .main { flex: 1; min-width: 0; }
    .banner { display: flex; align-items: flex-start; gap: 8px; margin: 12px 16px 0; }
    .banner span { flex: 1; }
    .close { background: none; border: 0; font-size: 18px; line-height: 1; cursor: pointer; color: inherit; }
    .scrim { display: none; }
    @media (max-width: 900px) {
      .burger { display: flex; }
      .menu { position: fixed; top: 56px; left: 0; bottom: 0; height: auto; z-index: 30; transform: translateX(-100%); transition: transform .2s; visibility: hidden; }
      .menu.open { transform: none; visibility: visible; box-shadow: 2px 0 12px rgba(0,0,0,.15); }
      .scrim { display: block; position: fixed; inset: 56px 0 0 0; background: rgba(0,0,0,.3); z-index: 25; }
    }
    @media (max-width: 520px) {
      .top { gap: 6px; padding: 0 8px; }
      .brand .name { display: none; }
      .who .org { max-width: 42vw; }
    }
  `,
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly http = inject(HttpClient);
  readonly banner = inject(ErrorBanner);
  readonly me = this.auth.me;
  private readonly moduleList = inject(ModulesService);
  /** The menu: the modules the server says this user may open (GET /api/modules) that have pages here. */
  readonly modules = this.moduleList.menu;
  /** 单位 · 部门 from the address book when GET /api/me names only ids (never the post title: that is not where one works). */
  private readonly placed = signal<{ id: string; text: string } | null>(null);
  readonly org = computed(() => {
    const me = this.me();
    return this.placed()?.id === me?.id ? this.placed()!.text : '';
  });
  readonly menuOpen = signal(false);

  constructor() {
    effect(() => {
      const me = this.me();
      if (!me?.id || this.placed()?.id === me.id) return;
      firstValueFrom(this.http.get<Record<string, unknown>>(`/api/users/${encodeURIComponent(me.id)}`)).then(
        (u) => {
          const text = [u?.['unitName'], u?.['departmentName']].filter((x) => typeof x === 'string' && x).join(' · ');
          this.placed.set({ id: me.id, text });
        },
        () => this.placed.set({ id: me.id, text: '' }),
      );
    });
    void this.moduleList.load().catch((err: unknown) => this.banner.show(err));
    // Close the drawer and the banner when the page changes.
    inject(Router)
      .events.pipe(
        filter((e) => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        this.menuOpen.set(false);
        this.banner.clear();
      });
  }

  logout(): void {
    void this.auth.logout();
  }
}
