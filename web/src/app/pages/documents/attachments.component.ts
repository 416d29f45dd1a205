import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, OnDestroy, inject, input, output, signal } from '@angular/core';
import { Subscription } from 'rxjs';
import { problemMessage } from '../../core/problem';
import { ATTACHMENT_ACCEPT, AttachmentItem, checkAttachmentFile, fileSize } from './document-model';
import { DocumentsApi, saveBlob } from './documents-api.service';

interface Upload {
  key: number;
  fileName: string;
  percent: number;
  error: string;
}

/**
 * 附件 of a 发文: the list (附件说明 order) with 下载 and, while editable, 删除 and 上传 with a progress
 * bar per file. Uploads go one after another; each success asks the page to reload the document.
 */
@Component({
  selector: 'oa-doc-attachments',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="att" data-testid="attachments">
      @if (items().length) {
        <ol class="list">
          @for (a of items(); track a.sha256) {
            <li data-testid="attachment-item">
              <span class="name">{{ a.name }}</span>
              <span class="muted small">{{ a.fileName || '未上传文件' }} · {{ size(a.size) }}</span>
              <span class="acts">
                @if (a.id) { <button type="button" class="btn small" (click)="download(a)" [attr.data-testid]="'attachment-download-' + $index">下载</button> }
                @if (editable() && direction() === 'outgoing' && a.id) {
                  <button type="button" class="btn small" (click)="remove(a)" [disabled]="busy()" [attr.data-testid]="'attachment-delete-' + $index">删除</button>
                }
              </span>
            </li>
          }
        </ol>
      } @else { <div class="muted small" data-testid="attachments-empty">暂无附件</div> }
      @for (u of uploads(); track u.key) {
        <div class="upload" data-testid="upload-progress">
          <span class="fname">{{ u.fileName }}</span>
          @if (u.error) { <span class="err">{{ u.error }}</span> }
          @else { <progress max="100" [value]="u.percent" [attr.aria-label]="u.fileName + ' 上传进度'"></progress><span class="small">{{ u.percent }}%</span> }
        </div>
      }
      @if (editable() && direction() === 'outgoing') {
        <div class="pick">
          <label class="btn small file">上传附件…<input type="file" multiple hidden [accept]="accept" (change)="pick($event)" data-testid="attachment-input" /></label>
          <span class="hint">单个文件不超过 20 MB；限 PDF、OFD、Word、Excel、JPG、PNG、ZIP</span>
        </div>
      }
      @if (error()) { <div class="err" role="alert" data-testid="attachment-error">{{ error() }}</div> }
    </div>
  `,
  styles: `
    .att { display: flex; flex-direction: column; gap: 6px; }
    .list { margin: 0; padding-left: 20px; display: flex; flex-direction: column; gap: 4px; }
    .list li { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; }
    .name { font-weight: 500; }
    .acts { display: flex; gap: 6px; margin-left: auto; }
    .upload { display: flex; align-items: center; gap: 8px; }
    .upload progress { flex: 1; min-width: 80px; height: 10px; }
    .fname { max-width: 50%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .pick { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
    .hint { color: var(--oa-muted); font-size: 12px; }
    .small { font-size: 13px; }
    .err { color: var(--oa-red, #c00); font-size: 13px; }
  `,
})
export class AttachmentsComponent implements OnDestroy {
  private readonly api = inject(DocumentsApi);
  readonly documentId = input.required<string>();
  /** 发文 (upload/delete possible) or 收文 (download only). */
  readonly direction = input<'outgoing' | 'incoming'>('outgoing');
  readonly items = input<AttachmentItem[]>([]);
  readonly editable = input(false);
  /** A file was added or removed: the page reloads the document. */
  readonly changed = output<void>();
  readonly uploads = signal<Upload[]>([]);
  readonly busy = signal(false);
  readonly error = signal('');
  readonly accept = ATTACHMENT_ACCEPT;
  private seq = 0;
  private running: Subscription | null = null;

  ngOnDestroy(): void {
    this.running?.unsubscribe();
  }

  size(n: number): string {
    return fileSize(n);
  }

  async pick(ev: Event): Promise<void> {
    const input = ev.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = '';
    this.error.set('');
    const refused = files.map((f) => checkAttachmentFile(f.name, f.size)).filter((m): m is string => !!m);
    if (refused.length) this.error.set(refused.join('；'));
    for (const file of files.filter((f) => !checkAttachmentFile(f.name, f.size))) await this.upload(file);
  }

  private upload(file: File): Promise<void> {
    const key = ++this.seq;
    this.uploads.update((u) => [...u, { key, fileName: file.name, percent: 0, error: '' }]);
    const set = (patch: Partial<Upload>) => this.uploads.update((u) => u.map((x) => (x.key === key ? { ...x, ...patch } : x)));
    return new Promise<void>((resolve) => {
      this.running = this.api.uploadAttachment(this.documentId(), file).subscribe({
        next: (e) => {
          if (e.type === HttpEventType.UploadProgress)
            set({ percent: e.total ? Math.min(99, Math.round((100 * e.loaded) / e.total)) : 50 });
          else if (e.type === HttpEventType.Response) {
            set({ percent: 100 });
            this.uploads.update((u) => u.filter((x) => x.key !== key));
            this.changed.emit();
          }
        },
        error: (err) => {
          set({ error: `上传失败：${problemMessage(err)}` });
          resolve();
        },
        complete: () => resolve(),
      });
    });
  }

  async download(a: AttachmentItem): Promise<void> {
    if (!a.id) return;
    this.error.set('');
    try {
      saveBlob(await this.api.attachmentBlob(this.direction(), this.documentId(), a.id), a.fileName ?? a.name);
    } catch (e) {
      this.error.set(`下载失败：${problemMessage(e)}`);
    }
  }

  async remove(a: AttachmentItem): Promise<void> {
    if (!a.id) return;
    this.busy.set(true);
    this.error.set('');
    try {
      await this.api.deleteAttachment(this.documentId(), a.id);
      this.changed.emit();
    } catch (e) {
      this.error.set(`删除失败：${problemMessage(e)}`);
    } finally {
      this.busy.set(false);
    }
  }
}
