import { ChangeDetectionStrategy, Component, OnDestroy, computed, inject, signal } from '@angular/core';
import { problemMessage } from '../../core/problem';
import { tokens } from '../../core/tokens';
import { saveBlob } from '../documents/documents-api.service';
import { AuditApi, VerifyReport } from './audit-api.service';

/** 完整性校验: the hash chain and seals checked with a progress bar (SSE), and the SM2-signed report. */
@Component({
  selector: 'oa-audit-verify',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h2>完整性校验</h2>
      <p class="muted">逐一重算每个事件的 SM3 哈希、核对每条流的哈希链，并以 SM2 验证每个封印及其默克尔根。</p>
      <div class="acts">
        <button class="btn primary" type="button" (click)="run()" [disabled]="running()" data-testid="verify-run">{{ running() ? '正在校验…' : '开始校验' }}</button>
        <button class="btn" type="button" (click)="download()" [disabled]="downloading()" data-testid="verify-report">{{ downloading() ? '正在生成报告…' : '下载签名校验报告（PDF）' }}</button>
      </div>
      @if (running() || checked()) {
        <div class="bar" role="progressbar" [attr.aria-valuenow]="percent()" aria-valuemin="0" aria-valuemax="100" data-testid="verify-progress">
          <div class="fill" [style.width.%]="percent()"></div>
        </div>
        <div class="muted small">已校验 {{ checked() }} / {{ head() }} 个事件（{{ percent() }}%）</div>
      }
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (report(); as r) {
        <div class="result" [class.ok]="r.ok" [class.bad]="!r.ok" data-testid="verify-result">
          <strong>{{ r.ok ? '校验通过：哈希链与封印完整' : '校验未通过：发现 ' + r.problemCount + ' 处问题' }}</strong>
          <div>范围：全局位置 1 – {{ r.headPosition }}，{{ r.events }} 个事件，{{ r.streams }} 条流</div>
          <div>封印：{{ r.seals }} 个，覆盖至位置 {{ r.lastSealedPosition }}；其后 {{ r.unsealedEvents }} 个事件仅校验哈希链</div>
          <div>封印密钥指纹：{{ r.publicKeyFingerprint || '无' }}</div>
          @if (r.firstProblem; as f) { <div class="first">首个损坏事件：流 {{ f.streamId }} 修订号 {{ f.revision }} 位置 {{ f.position }} — {{ f.message }}</div> }
          <div class="muted small">耗时 {{ r.durationMs }} 毫秒</div>
        </div>
      }
      <p class="muted small">报告以本系统的封印密钥（SM2）签名，可离线验证：<code>npm run audit:verify -- --report 完整性校验报告.pdf --key-file 数据目录/seal-key.json</code></p>
    </section>
  `,
  styles: `
    .acts { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 12px; }
    .bar { height: 14px; background: #eef1f5; border-radius: 7px; overflow: hidden; }
    .fill { height: 100%; background: var(--oa-blue); transition: width 0.2s; }
    .result { margin-top: 12px; border: 1px solid var(--oa-border); border-radius: var(--oa-radius); padding: 10px; display: grid; gap: 4px; overflow-wrap: anywhere; }
    .result.ok { border-color: var(--oa-ok); } .result.ok strong { color: var(--oa-ok); }
    .result.bad { border-color: var(--oa-danger); } .result.bad strong, .first { color: var(--oa-danger); }
    .small { font-size: 12px; } code { overflow-wrap: anywhere; }
  `,
})
export class VerifyPage implements OnDestroy {
  private readonly api = inject(AuditApi);
  private es: EventSource | null = null;
  readonly running = signal(false);
  readonly downloading = signal(false);
  readonly checked = signal(0);
  readonly head = signal(0);
  readonly error = signal('');
  readonly report = signal<VerifyReport | null>(null);
  readonly percent = computed(() =>
    this.head() ? Math.min(100, Math.round((this.checked() / this.head()) * 100)) : this.report() ? 100 : 0,
  );

  run(): void {
    this.es?.close();
    this.error.set('');
    this.report.set(null);
    this.checked.set(0);
    this.head.set(0);
    this.running.set(true);
    const es = (this.es = new EventSource(`/api/audit/verify/progress?access_token=${encodeURIComponent(tokens.access ?? '')}`));
    es.addEventListener('progress', (m) => {
      const d = JSON.parse((m as MessageEvent).data) as { checked: number; head: number };
      this.checked.set(d.checked);
      this.head.set(d.head);
    });
    es.addEventListener('done', (m) => {
      const r = JSON.parse((m as MessageEvent).data) as VerifyReport;
      this.report.set(r);
      this.checked.set(r.events);
      this.head.set(Math.max(r.events, this.head()));
      this.running.set(false);
      es.close();
    });
    es.addEventListener('failed', (m) => {
      this.error.set((JSON.parse((m as MessageEvent).data) as { message: string }).message);
      this.running.set(false);
      es.close();
    });
    es.onerror = () => {
      if (this.running()) {
        this.error.set('校验连接中断，请重试');
        this.running.set(false);
      }
      es.close();
    };
  }

  async download(): Promise<void> {
    this.downloading.set(true);
    this.error.set('');
    try {
      saveBlob(await this.api.report(), '完整性校验报告.pdf');
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.downloading.set(false);
    }
  }

  ngOnDestroy(): void {
    this.es?.close();
  }
}
