import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnDestroy,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage } from '../../core/problem';
import { saveBlob } from '../documents/documents-api.service';
import { AssetsApi, type Category, type StockTakeView, toFen, todayShanghai } from './assets-api.service';

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorCtor = new (o: { formats: string[] }) => Detector;

const RESOLVE: Record<string, { action: string; label: string }[]> = {
  missing: [
    { action: 'write_off', label: '报损核销' },
    { action: 'found', label: '已找到' },
  ],
  elsewhere: [{ action: 'adjust', label: '调整地点' }],
  wrong_custodian: [{ action: 'adjust', label: '调整保管人' }],
  surplus: [],
};

/**
 * 盘点清点 — made for the phone: type or scan (camera, where the browser has a QR reader) the label's
 * code; each tick shows at once; the book list shows what is still missing. The 资产管理员 ends the
 * counting, resolves each difference and closes the plan; the report exports to Excel.
 */
@Component({
  selector: 'oa-stocktake',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink],
  template: `
    @if (error() && !s()) { <div class="alert" role="alert">{{ error() }}</div> }
    @if (s(); as s) {
      <section class="card">
        <h2><span data-testid="plan-title">{{ s.title }}</span> <span class="badge">{{ s.statusLabel }}</span></h2>
        <div class="progress" data-testid="progress">已清点 {{ countedOnBook() }} / {{ s.book.length }} 项</div>
        @if (can('count')) {
          <form class="tick" (ngSubmit)="tick()" data-testid="tick-form">
            <input #codeBox class="input" name="code" [(ngModel)]="code" placeholder="扫描二维码或输入资产编号" aria-label="资产编号" autocomplete="off" data-testid="code" />
            <button class="btn primary" type="submit" [disabled]="busy()" data-testid="tick">清点</button>
            @if (canScan) { <button class="btn" type="button" (click)="scan()" data-testid="scan">{{ scanning() ? '停止扫码' : '扫码' }}</button> }
          </form>
          @if (scanning()) { <video #video class="video" playsinline muted></video> }
        }
        @if (last()) { <div class="alert ok" role="status" data-testid="last">{{ last() }}</div> }
        @if (error()) { <div class="alert" role="alert" data-testid="error">{{ error() }}</div> }
        <div class="bar">
          @if (can('finish')) { <button class="btn" (click)="act('finish')" data-testid="finish">结束清点</button> }
          @if (can('close')) { <button class="btn primary" (click)="act('close')" data-testid="close">结束盘点</button> }
          <button class="btn small" (click)="report()">导出盘点报告</button>
          <a class="btn small" routerLink="/assets/stocktakes">返回</a>
        </div>
      </section>
      @if (s.differences.length) {
        <section class="card"><h2>差异（{{ s.differences.length }}）</h2>
          <ul class="rows" data-testid="differences">
            @for (d of s.differences; track d.key) {
              <li><span class="badge overdue">{{ d.label }}</span> <span class="code">{{ d.code }}</span>
                @if (d.expected && d.found && d.kind === 'elsewhere') { <span class="muted">账面 {{ d.expected.location }} → 实盘 {{ d.found.location }}</span> }
                @if (d.resolution) { <span class="badge">已处理</span> }
                @else if (can('resolve')) {
                  @for (r of options(d.kind); track r.action) { <button class="btn small" (click)="resolve(d.key, r.action)">{{ r.label }}</button> }
                  @if (d.kind === 'surplus') { <button class="btn small" (click)="openSurplus(d.key, d.found?.location)" data-testid="surplus-open">登记入账</button> }
                }
                @if (surplusKey() === d.key && !d.resolution) {
                  <form class="surplus" (ngSubmit)="registerSurplus()" data-testid="surplus-form">
                    <select class="input" name="cat" [(ngModel)]="n.categoryCode" aria-label="资产分类" required>
                      <option value="">资产分类</option>
                      @for (c of categories(); track c.code) { <option [value]="c.code">{{ c.code }} {{ c.name }}</option> }
                    </select>
                    <input class="input" name="name" [(ngModel)]="n.name" placeholder="资产名称" aria-label="资产名称" />
                    <input class="input" name="spec" [(ngModel)]="n.specification" placeholder="规格型号" aria-label="规格型号" />
                    <input class="input" name="qty" [(ngModel)]="n.quantity" type="number" min="1" placeholder="数量" aria-label="数量" />
                    <input class="input" name="mu" [(ngModel)]="n.measureUnit" placeholder="计量单位" aria-label="计量单位" />
                    <input class="input" name="ov" [(ngModel)]="n.originalValue" placeholder="原值（元，按评估价）" aria-label="原值（元）" inputmode="decimal" />
                    <label class="range">取得日期 <input class="input" type="date" name="ad" [(ngModel)]="n.acquisitionDate" aria-label="取得日期" /></label>
                    <input class="input" name="fs" [(ngModel)]="n.fundingSource" placeholder="经费来源" aria-label="经费来源" />
                    <input class="input" name="loc" [(ngModel)]="n.location" placeholder="存放地点" aria-label="存放地点" />
                    <input class="input" name="note" [(ngModel)]="n.note" placeholder="说明（如：来源不明，经核实为本单位资产）" aria-label="说明" />
                    <span class="bar"><button class="btn primary" type="submit" [disabled]="busy()" data-testid="surplus-save">登记入账</button>
                      <button class="btn" type="button" (click)="surplusKey.set(null)">取消</button></span>
                  </form>
                }
              </li>
            }
          </ul>
        </section>
      }
      <section class="card"><h2>账面清单</h2>
        <ul class="rows" data-testid="book">
          @for (b of s.book; track b.assetId) {
            <li [class.done]="b.counted" [attr.data-counted]="b.counted"><span class="tickmark">{{ b.counted ? '✔' : '○' }}</span>
              <span class="code">{{ b.assetNo }}</span> <span>{{ b.name }}</span> <span class="muted">{{ b.location }} · {{ b.custodianName || '—' }}</span></li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    .progress { font-size: 15px; margin-bottom: 8px; }
    .tick { display: flex; gap: 8px; flex-wrap: wrap; }
    .tick .input { flex: 1; min-width: 0; font-size: 16px; }
    .video { width: 100%; max-height: 50vh; margin-top: 8px; background: #000; }
    .bar { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 10px; }
    .rows { list-style: none; margin: 0; padding: 0; }
    .rows li { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; padding: 8px 2px; border-bottom: 1px solid var(--oa-border); overflow-wrap: anywhere; }
    .rows li.done { color: #2e7d32; }
    .tickmark { width: 1.2em; }
    .code { font-family: monospace; }
    .surplus { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px; width: 100%; margin-top: 6px; }
    .surplus .input { min-width: 0; width: 100%; box-sizing: border-box; }
    .surplus .range { display: flex; gap: 6px; align-items: center; white-space: nowrap; }
  `,
})
export class StockTakePage implements OnDestroy {
  private readonly api = inject(AssetsApi);
  readonly id = input.required<string>();
  readonly s = signal<StockTakeView | null>(null);
  readonly error = signal('');
  readonly last = signal('');
  readonly busy = signal(false);
  readonly scanning = signal(false);
  readonly codeInput = viewChild<ElementRef<HTMLInputElement>>('codeBox');
  readonly video = viewChild<ElementRef<HTMLVideoElement>>('video');
  readonly canScan =
    typeof (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector === 'function' && !!navigator.mediaDevices?.getUserMedia;
  readonly countedOnBook = computed(() => this.s()?.book.filter((b) => b.counted).length ?? 0);
  code = '';
  /** 盘盈登记入账: the difference whose card form is open, and the form. */
  readonly surplusKey = signal<string | null>(null);
  readonly categories = signal<Category[]>([]);
  n = this.blankSurplus();
  private stream: MediaStream | null = null;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }
  ngOnDestroy(): void {
    this.stopScan();
  }
  can(a: 'count' | 'finish' | 'resolve' | 'close'): boolean {
    return this.s()?.allowedActions.includes(a) ?? false;
  }
  options(kind: string) {
    return RESOLVE[kind] ?? [];
  }
  async load(id = this.id()): Promise<void> {
    try {
      this.s.set(await this.api.stockTake(id));
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async tick(code = this.code): Promise<void> {
    const c = code.trim();
    if (!c) return;
    this.busy.set(true);
    this.error.set('');
    try {
      const r = await this.api.post<{ asset: { assetNo: string; name: string } | null; onBook: boolean }>(
        `/api/assets/stocktakes/${encodeURIComponent(this.id())}/count`,
        {
          code: c,
          method: this.scanning() ? 'scan' : 'search',
        },
      );
      this.last.set(r.asset ? `已清点：${r.asset.assetNo} ${r.asset.name}${r.onBook ? '' : '（不在本次账面：盘盈）'}` : `已记录盘盈：${c}`);
      this.code = '';
      await this.load();
      this.codeInput()?.nativeElement.focus();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
  async act(a: 'finish' | 'close'): Promise<void> {
    this.error.set('');
    try {
      await this.api.post(`/api/assets/stocktakes/${encodeURIComponent(this.id())}/${a}`);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  async resolve(key: string, action: string): Promise<void> {
    this.error.set('');
    try {
      await this.api.post(`/api/assets/stocktakes/${encodeURIComponent(this.id())}/resolve`, { key, action });
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  private blankSurplus(location = '') {
    return {
      categoryCode: '',
      name: '',
      specification: '',
      quantity: 1,
      measureUnit: '台',
      originalValue: '',
      acquisitionDate: todayShanghai(),
      fundingSource: '其他',
      location,
      note: '',
    };
  }
  openSurplus(key: string, location: string | null | undefined): void {
    this.n = this.blankSurplus(location ?? '');
    this.surplusKey.set(key);
    if (this.categories().length === 0)
      void this.api.categories().then(
        (r) => this.categories.set(r.items),
        () => undefined,
      );
  }
  /** Registers the surplus as a new card of the plan's unit (the server writes the card and the resolution). */
  async registerSurplus(): Promise<void> {
    const key = this.surplusKey();
    if (!key) return;
    const fen = toFen(this.n.originalValue);
    if (fen === null || fen === 0) {
      this.error.set('原值须为大于 0、最多两位小数的金额（元）');
      return;
    }
    const { note, ...card } = this.n;
    this.busy.set(true);
    this.error.set('');
    try {
      await this.api.post(`/api/assets/stocktakes/${encodeURIComponent(this.id())}/resolve`, {
        key,
        action: 'register_surplus',
        ...(note.trim() ? { note: note.trim() } : {}),
        surplus: { ...card, quantity: Number(card.quantity), originalValue: fen },
      });
      this.surplusKey.set(null);
      this.last.set('盘盈资产已登记入账');
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
  async report(): Promise<void> {
    try {
      saveBlob(await this.api.stockTakeXlsx(this.id()), `盘点报告-${this.s()?.title ?? ''}.xlsx`);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  /** Camera scanning with the browser's BarcodeDetector (QR); each code read is ticked once. */
  async scan(): Promise<void> {
    if (this.scanning()) return this.stopScan();
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      this.scanning.set(true);
      await new Promise((r) => setTimeout(r));
      const v = this.video()!.nativeElement;
      v.srcObject = this.stream;
      await v.play();
      const detector = new (globalThis as unknown as { BarcodeDetector: DetectorCtor }).BarcodeDetector({ formats: ['qr_code'] });
      const seen = new Set<string>();
      while (this.scanning()) {
        const codes = await detector.detect(v).catch(() => []);
        for (const c of codes) {
          if (seen.has(c.rawValue)) continue;
          seen.add(c.rawValue);
          await this.tick(c.rawValue);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    } catch (e) {
      this.error.set(`无法打开摄像头：${(e as Error).message}`);
      this.stopScan();
    }
  }
  private stopScan(): void {
    this.scanning.set(false);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
  }
}
