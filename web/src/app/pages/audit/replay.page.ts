import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { problemMessage } from '../../core/problem';
import { formatTime } from '../../core/time';
import { AuditApi, AuditEvent, FieldChange, Moment, StreamState, Subject, Timeline, show } from './audit-api.service';

const PAGE = 50;

/** Top-level fields of a folded state, for the state panel. */
function rows(state: unknown): [string, string][] {
  if (state === null || state === undefined) return [];
  if (typeof state !== 'object') return [['值', show(state)]];
  return Object.entries(state as Record<string, unknown>).map(([k, v]) => [k, show(v)]);
}

/**
 * 历史回放: pick a document, process, user, unit … → its streams as one timeline; the slider shows the
 * state at any moment (each context's own fold, computed by the server), and the diff between the
 * marked moment and the slider's, field by field.
 */
@Component({
  selector: 'oa-audit-replay',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card">
      <h2>历史回放</h2>
      <form class="search" (ngSubmit)="search(1)" data-testid="subject-search">
        <input class="input" name="q" [(ngModel)]="q" placeholder="标题、文号、姓名、单位名称或流标识" aria-label="检索审计对象" />
        <select class="input" name="kind" [(ngModel)]="kind" aria-label="对象类型">
          <option value="">全部类型</option>
          @for (k of kindOptions(); track k[0]) { <option [value]="k[0]">{{ k[1] }}</option> }
        </select>
        <button class="btn primary" type="submit">检索</button>
      </form>
      @if (error()) { <div class="alert" role="alert">{{ error() }}</div> }
      @if (subjects().length && !timeline()) {
        <ul class="subjects" data-testid="subjects">
          @for (s of subjects(); track s.streamId) {
            <li>
              <button type="button" class="subject" (click)="open(s)" data-testid="subject">
                <span class="badge">{{ s.kindLabel }}</span>
                <span class="lbl">{{ s.label }}</span>
                @if (s.number) { <span class="muted">{{ s.number }}</span> }
                <span class="muted small">{{ s.events }} 个事件 · {{ time(s.lastAt) }}</span>
              </button>
            </li>
          }
        </ul>
        <div class="pager">
          <button class="btn small" (click)="search(page() - 1)" [disabled]="page() <= 1">上一页</button>
          <span class="muted">第 {{ page() }} 页，共 {{ total() }} 个</span>
          <button class="btn small" (click)="search(page() + 1)" [disabled]="page() * 20 >= total()">下一页</button>
        </div>
      } @else if (searched() && !timeline()) {
        <div class="empty">没有符合条件的对象</div>
      }
    </section>

    @if (timeline(); as tl) {
      <section class="card" data-testid="replay">
        <h2>
          <span>{{ tl.subject.label || tl.subject.streamId }}</span>
          <button class="btn small" type="button" (click)="close()">返回检索结果</button>
        </h2>
        <p class="muted small">
          共 {{ tl.moments.length }} 个事件，{{ tl.streams.length }} 条流：
          @for (s of tl.streams; track s.streamId) { <code>{{ s.streamId }}</code>{{ s.generic ? '（通用视图）' : '' }} }
        </p>
        <div class="slider">
          <button class="btn small" type="button" (click)="move(-1)" [disabled]="idx() <= 0" aria-label="上一个时刻">◀</button>
          <input
            type="range"
            min="0"
            [max]="tl.moments.length - 1"
            [value]="idx()"
            (input)="slide($any($event.target).value)"
            (change)="load()"
            aria-label="时间滑块"
            data-testid="slider"
          />
          <button class="btn small" type="button" (click)="move(1)" [disabled]="idx() >= tl.moments.length - 1" aria-label="下一个时刻">▶</button>
        </div>
        @if (moment(); as m) {
          <div class="at" data-testid="slider-at">
            时刻 {{ idx() + 1 }} / {{ tl.moments.length }}：<strong>{{ time(m.recordedAt) }}</strong> · {{ m.type }}
            <button class="btn small" type="button" (click)="markFrom()" data-testid="mark-from">设为比较起点</button>
            @if (fromIdx() !== null) { <span class="muted small">起点：时刻 {{ fromIdx()! + 1 }}（{{ time(tl.moments[fromIdx()!].recordedAt) }}）</span> }
          </div>
        }
        <div class="cols">
          <div class="state" data-testid="state">
            <h3>当时状态</h3>
            @for (s of states(); track s.streamId) {
              <div class="stream">
                <div class="sid"><code>{{ s.streamId }}</code> <span class="muted small">修订号 {{ s.revision }}{{ s.lastEventType ? ' · ' + s.lastEventType : '' }}</span></div>
                @if (s.state === null) { <div class="muted">此时尚不存在</div> }
                @else {
                  <dl>
                    @for (r of rowsOf(s); track r[0]) { <dt>{{ r[0] }}</dt><dd [attr.data-field]="r[0]">{{ r[1] }}</dd> }
                  </dl>
                }
              </div>
            }
          </div>
          <div class="diff" data-testid="diff">
            <h3>差异（起点 → 当前时刻）</h3>
            @if (fromIdx() === null) { <div class="muted">移动滑块并点击“设为比较起点”，再移动滑块查看逐字段差异</div> }
            @for (d of diffs(); track d.streamId) {
              @if (d.changes.length) {
                <div class="sid"><code>{{ d.streamId }}</code></div>
                <table class="grid">
                  <thead><tr><th>字段</th><th>之前</th><th>之后</th></tr></thead>
                  <tbody>
                    @for (c of d.changes; track c.field) {
                      <tr [class]="c.change" data-testid="diff-row">
                        <td>{{ c.field }}</td><td class="old">{{ val(c.before) }}</td><td class="new">{{ val(c.after) }}</td>
                      </tr>
                    }
                  </tbody>
                </table>
              }
            }
            @if (fromIdx() !== null && !anyDiff()) { <div class="muted">两个时刻之间没有变化</div> }
          </div>
        </div>
      </section>

      <section class="card">
        <h2>时间线</h2>
        <ol class="events" data-testid="timeline">
          @for (e of tl.items; track e.id) {
            <li [class.on]="e.position === moment()?.position">
              <button type="button" class="ev" (click)="toggle(e)" [attr.aria-expanded]="open_() === e.id" data-testid="timeline-event">
                <span class="t">{{ time(e.recordedAt) }}</span>
                <span class="ty">{{ e.type }}</span>
                <span class="who">{{ e.actorId }}{{ e.onBehalfOf ? '（代 ' + e.onBehalfOf + '）' : '' }}</span>
                <span class="muted small">{{ e.clientIp || '' }}</span>
              </button>
              @if (open_() === e.id) {
                <div class="detail">
                  <div class="small">流 <code>{{ e.streamId }}</code> 修订号 {{ e.revision }} 位置 {{ e.position }} · 发生 {{ time(e.occurredAt) }}</div>
                  <pre>{{ json(e.data) }}</pre>
                  <div class="hash small">prevHash {{ e.prevHash }}<br />hash {{ e.hash }}</div>
                  <button class="btn small" type="button" (click)="jump(e)">滑块定位到此事件</button>
                </div>
              }
            </li>
          }
        </ol>
        <div class="pager">
          <button class="btn small" (click)="tlPage(tlp() - 1)" [disabled]="tlp() <= 1">上一页</button>
          <span class="muted">第 {{ tlp() }} / {{ tlPages() }} 页</span>
          <button class="btn small" (click)="tlPage(tlp() + 1)" [disabled]="tlp() >= tlPages()">下一页</button>
        </div>
      </section>
    }
  `,
  styles: `
    h2 { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; }
    .search { display: grid; grid-template-columns: 1fr 160px auto; gap: 8px; margin-bottom: 12px; }
    .subjects { list-style: none; margin: 0; padding: 0; }
    .subject { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; width: 100%; text-align: left; background: none; border: 0; border-bottom: 1px solid var(--oa-border); padding: 10px 4px; cursor: pointer; }
    .subject:hover { background: #f7f9fc; }
    .lbl { font-weight: 600; overflow-wrap: anywhere; }
    .small { font-size: 12px; }
    code { font-size: 12px; overflow-wrap: anywhere; margin-right: 6px; }
    .slider { display: flex; gap: 8px; align-items: center; }
    .slider input { flex: 1; min-width: 0; }
    .at { margin: 8px 0; display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
    .cols { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
    .stream { border: 1px solid var(--oa-border); border-radius: var(--oa-radius); padding: 8px; margin-bottom: 8px; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0 0; font-size: 13px; }
    dt { color: var(--oa-muted); }
    dd { margin: 0; overflow-wrap: anywhere; max-height: 7.5em; overflow: auto; }
    .grid { width: 100%; border-collapse: collapse; font-size: 13px; margin-bottom: 8px; }
    .grid th, .grid td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--oa-border); overflow-wrap: anywhere; }
    .old { color: var(--oa-danger); } .new { color: var(--oa-ok); }
    tr.added .old, tr.removed .new { color: var(--oa-muted); }
    .events { list-style: none; margin: 0; padding: 0; }
    .events li { border-bottom: 1px solid var(--oa-border); }
    .events li.on { background: #fff7e6; }
    .ev { display: grid; grid-template-columns: 140px 220px 1fr auto; gap: 8px; width: 100%; text-align: left; background: none; border: 0; padding: 8px 4px; cursor: pointer; }
    .ty { font-weight: 600; overflow-wrap: anywhere; }
    .detail { padding: 6px 8px 10px; }
    pre { background: #f7f9fc; border: 1px solid var(--oa-border); padding: 8px; max-height: 320px; overflow: auto; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .hash { font-family: monospace; overflow-wrap: anywhere; color: var(--oa-muted); margin-bottom: 6px; }
    .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
    @media (max-width: 760px) {
      .cols { grid-template-columns: 1fr; }
      .search { grid-template-columns: 1fr; }
      .ev { grid-template-columns: 1fr; gap: 2px; }
    }
  `,
})
export class ReplayPage {
  private readonly api = inject(AuditApi);
  q = '';
  kind = '';
  readonly kindOptions = signal<[string, string][]>([
    ['outgoing-document', '发文'],
    ['incoming-document', '收文'],
    ['process', '审批流程'],
    ['process-definition', '流程定义'],
    ['user', '用户'],
    ['unit', '单位'],
    ['department', '部门'],
  ]);
  readonly subjects = signal<Subject[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly searched = signal(false);
  readonly error = signal('');
  readonly timeline = signal<Timeline | null>(null);
  readonly streamId = signal('');
  readonly idx = signal(0);
  readonly fromIdx = signal<number | null>(null);
  readonly states = signal<StreamState[]>([]);
  readonly diffs = signal<{ streamId: string; changes: FieldChange[] }[]>([]);
  readonly open_ = signal<string | null>(null);
  readonly tlp = signal(1);
  readonly moment = computed<Moment | undefined>(() => this.timeline()?.moments[this.idx()]);
  readonly tlPages = computed(() => Math.max(1, Math.ceil((this.timeline()?.moments.length ?? 0) / PAGE)));
  readonly anyDiff = computed(() => this.diffs().some((d) => d.changes.length > 0));

  time = formatTime;
  rowsOf = (s: StreamState) => rows(s.state);
  val = show;
  json = (v: unknown) => JSON.stringify(v, null, 2);

  async search(page: number): Promise<void> {
    this.error.set('');
    try {
      const r = await this.api.subjects(this.q.trim(), this.kind, Math.max(1, page));
      this.subjects.set(r.items);
      this.total.set(r.total);
      this.page.set(Math.max(1, page));
      this.searched.set(true);
      this.timeline.set(null);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async open(s: Subject): Promise<void> {
    this.error.set('');
    try {
      this.streamId.set(s.streamId);
      const tl = await this.api.timeline(s.streamId, 1, PAGE);
      this.tlp.set(1);
      this.timeline.set(tl);
      this.fromIdx.set(null);
      this.diffs.set([]);
      this.idx.set(tl.moments.length - 1);
      await this.load();
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  close(): void {
    this.timeline.set(null);
  }

  slide(v: string): void {
    this.idx.set(Number(v));
  }
  async move(d: number): Promise<void> {
    const n = this.timeline()?.moments.length ?? 0;
    this.idx.set(Math.min(n - 1, Math.max(0, this.idx() + d)));
    await this.load();
  }
  async jump(e: AuditEvent): Promise<void> {
    const i = this.timeline()?.moments.findIndex((m) => m.position === e.position) ?? -1;
    if (i >= 0) {
      this.idx.set(i);
      await this.load();
    }
  }
  async markFrom(): Promise<void> {
    this.fromIdx.set(this.idx());
    await this.load();
  }
  toggle(e: AuditEvent): void {
    this.open_.set(this.open_() === e.id ? null : e.id);
  }

  /** The state at the slider's moment, and the diff from the marked one. */
  async load(): Promise<void> {
    const m = this.moment();
    const tl = this.timeline();
    if (!m || !tl) return;
    try {
      const st = await this.api.state(this.streamId(), m.recordedAt);
      this.states.set(st.streams);
      const f = this.fromIdx();
      if (f !== null) {
        const a = tl.moments[Math.min(f, this.idx())]!.recordedAt;
        const b = tl.moments[Math.max(f, this.idx())]!.recordedAt;
        this.diffs.set((await this.api.diff(this.streamId(), a, b)).streams);
      }
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }

  async tlPage(p: number): Promise<void> {
    const tl = await this.api.timeline(this.streamId(), p, PAGE);
    this.tlp.set(p);
    this.timeline.set({ ...tl });
  }
}
