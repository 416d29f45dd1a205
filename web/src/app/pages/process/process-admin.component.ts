import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { problemMessage } from '../../core/problem';
import { PersonPickerComponent } from '../../shared/picker/person-picker.component';

/** GET /api/processes/:id → `admin` (present only for a process admin whose data scope reaches the process). */
export interface AdminSection {
  actions: ('reassign' | 'terminate')[];
  reassignable: { taskId: string; nodeName: string; assigneeName: string; actingDelegateName: string }[];
}

/** Reads the admin section of a process document; null when absent or malformed. */
export function adminSectionOf(raw: unknown): AdminSection | null {
  const a = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)['admin'] : null;
  if (!a || typeof a !== 'object') return null;
  const o = a as Record<string, unknown>;
  const actions = (Array.isArray(o['actions']) ? o['actions'] : []).filter(
    (x): x is 'reassign' | 'terminate' => x === 'reassign' || x === 'terminate',
  );
  const reassignable = (Array.isArray(o['reassignable']) ? o['reassignable'] : [])
    .map((t) => {
      const q = (t && typeof t === 'object' ? t : {}) as Record<string, unknown>;
      return {
        taskId: String(q['taskId'] ?? q['id'] ?? ''),
        nodeName: String(q['nodeName'] ?? ''),
        assigneeName: String(q['assigneeName'] ?? ''),
        actingDelegateName: String(q['actingDelegateName'] ?? ''),
      };
    })
    .filter((t) => t.taskId);
  return { actions, reassignable };
}

type Kind = 'reassign' | 'terminate';
const TITLES: Record<Kind, string> = { reassign: '改派', terminate: '终止流程' };

/**
 * 流程干预（管理员）: 改派 a waiting task to someone else, or 终止 the process — each with a reason, asked
 * in a dialog. Shown by the process page only when the API sends an `admin` section.
 */
@Component({
  selector: 'oa-process-admin',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, PersonPickerComponent],
  template: `
    @if (admin().actions.length) {
      <section class="card" data-testid="admin-panel">
        <h2>流程干预 <span class="muted small">（流程管理员）</span></h2>
        <p class="muted small">改派或终止会记入办文日志，并通知相关人员，请谨慎操作。</p>
        <div class="buttons">
          @if (admin().actions.includes('reassign')) {
            <button type="button" class="btn" data-admin-action="reassign" (click)="open('reassign')">改派</button>
          }
          @if (admin().actions.includes('terminate')) {
            <button type="button" class="btn danger" data-admin-action="terminate" (click)="open('terminate')">终止流程</button>
          }
        </div>
      </section>
    }
    @if (dialog(); as kind) {
      <div class="backdrop" (click)="close()"></div>
      <div class="dialog card" role="dialog" aria-modal="true" [attr.aria-label]="titles[kind]" data-testid="admin-dialog">
        <h2>{{ titles[kind] }}</h2>
        @if (kind === 'reassign') {
          <div class="field">
            <label for="admin-task">待办</label>
            <select id="admin-task" class="input" name="taskId" [(ngModel)]="taskId">
              @for (t of admin().reassignable; track t.taskId) {
                <option [value]="t.taskId">{{ t.nodeName }}：{{ t.assigneeName }}@if (t.actingDelegateName) {（代办：{{ t.actingDelegateName }}）}</option>
              }
            </select>
          </div>
          <div class="field">
            <label for="admin-user">新办理人</label>
            <oa-person-picker inputId="admin-user" label="新办理人" [(value)]="toUserId" />
          </div>
        } @else {
          <p class="warn">终止后，所有待办将被撤销，流程不可恢复。</p>
        }
        <div class="field">
          <label for="admin-reason">{{ kind === 'reassign' ? '改派原因' : '终止原因' }}</label>
          <textarea id="admin-reason" name="reason" [(ngModel)]="reason" maxlength="500" placeholder="必填，将记入办文日志"></textarea>
        </div>
        @if (error()) { <div class="alert" role="alert" data-testid="admin-error">{{ error() }}</div> }
        <div class="buttons">
          <button type="button" class="btn" (click)="close()" [disabled]="busy()">取消</button>
          <button type="button" class="btn" [class.primary]="kind === 'reassign'" [class.danger]="kind === 'terminate'" data-testid="admin-submit" (click)="submit()" [disabled]="busy()">
            确定{{ titles[kind] }}
          </button>
        </div>
      </div>
    }
  `,
  styles: `
    .small { font-size: 13px; font-weight: 400; }
    .buttons { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }
    .backdrop { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.35); z-index: 100; }
    .dialog { position: fixed; z-index: 101; left: 50%; top: 50%; transform: translate(-50%, -50%); width: min(480px, calc(100vw - 24px)); max-height: calc(100vh - 24px); overflow: auto; }
    .dialog textarea { width: 100%; min-height: 80px; box-sizing: border-box; }
    .warn { color: #b42318; }
  `,
})
export class ProcessAdminComponent {
  private readonly http = inject(HttpClient);
  readonly processId = input.required<string>();
  readonly admin = input.required<AdminSection>();
  /** After a successful intervention (the page reloads the process). */
  readonly changed = output<Kind>();
  readonly dialog = signal<Kind | null>(null);
  readonly error = signal('');
  readonly busy = signal(false);
  readonly titles = TITLES;
  readonly firstTask = computed(() => this.admin().reassignable[0]?.taskId ?? '');
  taskId = '';
  toUserId = '';
  reason = '';

  open(kind: Kind): void {
    this.taskId = this.firstTask();
    this.toUserId = '';
    this.reason = '';
    this.error.set('');
    this.dialog.set(kind);
  }

  close(): void {
    if (!this.busy()) this.dialog.set(null);
  }

  async submit(): Promise<void> {
    const kind = this.dialog();
    if (!kind) return;
    const reason = this.reason.trim();
    if (kind === 'reassign') {
      if (!this.taskId) return this.error.set('请选择要改派的待办');
      if (!this.toUserId.trim()) return this.error.set('请填写新办理人');
    }
    if (!reason) return this.error.set(kind === 'reassign' ? '请填写改派原因' : '请填写终止原因');
    const url =
      kind === 'reassign'
        ? `/api/tasks/${encodeURIComponent(this.taskId)}/reassign`
        : `/api/processes/${encodeURIComponent(this.processId())}/terminate`;
    const body = kind === 'reassign' ? { toUserId: this.toUserId.trim(), reason } : { reason };
    this.busy.set(true);
    this.error.set('');
    try {
      await firstValueFrom(this.http.post(url, body));
      this.busy.set(false);
      this.dialog.set(null);
      this.changed.emit(kind);
    } catch (e) {
      this.error.set(problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
