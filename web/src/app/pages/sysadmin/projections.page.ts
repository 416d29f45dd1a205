import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, OnDestroy, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';

interface Status {
  name: string;
  version: number;
  position: number;
  headPosition: number;
  lagEvents: number;
  lagSeconds: number;
  parked: number;
  state: string;
  servingPosition?: number;
  lastError?: string | null;
}
interface Parked {
  position: number;
  eventId: string;
  type: string;
  error: string;
  parkedAt: string;
}
const STATE: Record<string, string> = { live: '实时', catching_up: '追赶中', rebuilding: '重建中', stopped: '未运行' };

/** 投影与读模型: position, lag, state; rebuild with a progress bar while the old tables serve; parked events with a retry. */
@Component({
  selector: 'oa-sys-projections',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h2>投影（读模型） <button class="btn small" type="button" (click)="load()">刷新</button></h2>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (notice()) { <div class="notice" role="status">{{ notice() }}</div> }
      <ul class="rows" data-testid="projections">
        @for (s of items(); track s.name) {
          <li [attr.data-name]="s.name">
            <div class="head"><strong>{{ s.name }}</strong> <span class="muted small">v{{ s.version }}</span>
              <span class="badge" [class.warn]="s.state !== 'live'" data-testid="projection-state">{{ label(s.state) }}</span>
              @if (s.parked) { <button class="btn small" type="button" (click)="showParked(s.name)">挂起事件 {{ s.parked }}</button> }
            </div>
            <div class="bar" role="progressbar" [attr.aria-valuenow]="pct(s)" aria-valuemin="0" aria-valuemax="100"><div class="fill" [style.width.%]="pct(s)"></div></div>
            <div class="muted small">位置 {{ s.position }} / {{ s.headPosition }}（{{ pct(s) }}%）· 延迟 {{ s.lagEvents }} 个事件，{{ s.lagSeconds }} 秒
              @if (s.state === 'rebuilding') { · 旧表服务中（位置 {{ s.servingPosition }}） }</div>
            @if (s.lastError) { <div class="err small">{{ s.lastError }}</div> }
            <button class="btn small" type="button" (click)="rebuild(s.name)" [disabled]="s.state === 'rebuilding'" data-testid="rebuild">重建</button>
            @if (parkedOf() === s.name) {
              <ul class="parked">
                @for (p of parked(); track p.position) {
                  <li>位置 {{ p.position }} · {{ p.type }} · {{ time(p.parkedAt) }}<div class="err small">{{ p.error }}</div>
                    <button class="btn small" type="button" (click)="retry(s.name, p.position)">重试</button></li>
                } @empty { <li class="muted">没有挂起事件</li> }
              </ul>
            }
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    h2 { display: flex; justify-content: space-between; align-items: center; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows > li { border-bottom: 1px solid var(--oa-border); padding: 10px 2px; display: grid; gap: 4px; justify-items: start; }
    .head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .bar { width: 100%; height: 8px; background: #eef1f5; border-radius: 4px; overflow: hidden; }
    .fill { height: 100%; background: var(--oa-blue); }
    .warn { background: #fff3d6; color: var(--oa-warn); }
    .err { color: var(--oa-danger); overflow-wrap: anywhere; } .notice { color: var(--oa-ok); } .small { font-size: 12px; }
    .parked { list-style: none; padding: 0; margin: 4px 0 0; width: 100%; }
    .parked li { border-top: 1px dashed var(--oa-border); padding: 6px 0; }
  `,
})
export class ProjectionsPage implements OnDestroy {
  private readonly http = inject(HttpClient);
  readonly items = signal<Status[]>([]);
  readonly parked = signal<Parked[]>([]);
  readonly parkedOf = signal<string | null>(null);
  readonly error = signal('');
  readonly notice = signal('');
  private timer: ReturnType<typeof setInterval> | null = null;
  time = formatTime;
  label = (s: string) => STATE[s] ?? s;
  pct = (s: Status) => (s.headPosition ? Math.min(100, Math.floor((s.position / s.headPosition) * 100)) : 100);

  constructor() {
    void this.load();
    // a rebuild's progress: poll while one runs
    this.timer = setInterval(() => {
      if (this.items().some((s) => s.state !== 'live')) void this.load();
    }, 1000);
  }
  async load(): Promise<void> {
    try {
      this.items.set((await firstValueFrom(this.http.get<{ items: Status[] }>('/api/system/projections'))).items);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async rebuild(name: string): Promise<void> {
    this.error.set('');
    try {
      await firstValueFrom(this.http.post(`/api/system/projections/${name}/rebuild`, {}));
      this.notice.set(`已开始重建 ${name}，旧表在完成前继续服务`);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async showParked(name: string): Promise<void> {
    this.parkedOf.set(name);
    this.parked.set((await firstValueFrom(this.http.get<{ items: Parked[] }>(`/api/system/projections/${name}/parked`))).items);
  }
  async retry(name: string, position: number): Promise<void> {
    try {
      const r = await firstValueFrom(
        this.http.post<{ ok: boolean; error?: string }>(`/api/system/projections/${name}/parked/${position}/retry`, {}),
      );
      this.notice.set(r.ok ? `位置 ${position} 已重新处理` : `重试失败：${r.error}`);
      await this.showParked(name);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  ngOnDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
