import { HttpClient, HttpEvent } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth.service';
import { itemsOf, totalOf } from '../../core/models';
import { Stroke } from '../../shared/signature/strokes';
import {
  AttachmentItem,
  DiffLine,
  DocumentMeta,
  DraftDto,
  EditDto,
  IncomingView,
  OutgoingView,
  ProcessLogRow,
  SearchFilter,
  normalizeMeta,
  searchParams,
} from './document-model';

const B = '/api/documents';
const enc = encodeURIComponent;

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface UnitOption {
  id: string;
  name: string;
  parentName: string;
}
export interface DepartmentOption {
  id: string;
  name: string;
  unitId: string;
  leader: { id: string; name: string | null } | null;
}
export interface UserOption {
  id: string;
  name: string;
  departmentName: string;
  title: string;
}
export interface MyPost {
  userId: string;
  unitId: string;
  unitName: string;
  departmentId: string;
  departmentName: string;
}

export interface DiffAnswer {
  from: { version: number; authorName: string; stage: string; at: string };
  to: { version: number; authorName: string; stage: string; at: string };
  stats: { added: number; removed: number; unchanged: number };
  lines: DiffLine[];
}

/** A row of /api/documents/search (the doc_registry read model). */
export interface RegistryRow {
  id: string;
  direction: 'outgoing' | 'incoming';
  kind: string | null;
  category: string | null;
  title: string;
  doc_number: string | null;
  receipt_number: string | null;
  issuer: string | null;
  classification: string | null;
  urgency: string | null;
  status: string;
  stage: string;
  date_key: string;
  registered_at: string | null;
  created_at: string;
}

export interface PendingRow {
  incoming_id: string;
  from_unit_name: string;
  title: string;
  doc_number: string | null;
  urgency: string | null;
  classification: string | null;
  copy_no: string;
  sent_at: string;
  statusLabel: string;
}

export interface CirculationRow {
  incoming_id: string;
  round: number;
  reader_id: string;
  reader_name: string;
  assigned_at: string;
  read_at: string | null;
  title?: string;
  doc_number?: string | null;
}

export interface CatalogueRow {
  seq: number;
  archival_code: string;
  doc_number: string | null;
  responsible: string;
  title: string;
  date: string;
  classification: string;
  pages: number | null;
  remarks: string;
  retention: string;
  direction: string;
  document_id: string;
}

/** The 公文 endpoints (api/documents/routes.ts), plus the org look-ups the pickers need. */
@Injectable({ providedIn: 'root' })
export class DocumentsApi {
  private readonly http = inject(HttpClient);
  private metaCache: Promise<DocumentMeta> | null = null;
  private postCache: Promise<MyPost> | null = null;
  private postFor = '';
  private readonly auth = inject(AuthService);
  private treeCache: Promise<unknown> | null = null;

  private get<T>(url: string, params?: Record<string, string>): Promise<T> {
    return firstValueFrom(this.http.get<T>(url, params ? { params } : {}));
  }
  private post<T>(url: string, body: unknown = {}): Promise<T> {
    return firstValueFrom(this.http.post<T>(url, body));
  }

  meta(): Promise<DocumentMeta> {
    this.metaCache ??= this.get<unknown>(`${B}/meta`)
      .then(normalizeMeta)
      .catch((e) => {
        this.metaCache = null;
        throw e;
      });
    return this.metaCache;
  }

  /** My primary post (unit and department ids are not in the shell's Me). */
  myPost(): Promise<MyPost> {
    const who = this.auth.me()?.id ?? '';
    if (who !== this.postFor) {
      this.postCache = null;
      this.postFor = who;
    }
    this.postCache ??= this.get<Record<string, unknown>>('/api/me')
      .then(async (me) => {
        const user = (me['user'] ?? {}) as Record<string, unknown>;
        const posts = Array.isArray(me['posts']) ? (me['posts'] as Record<string, unknown>[]) : [];
        const p = posts.find((x) => x['primary'] === true) ?? posts[0] ?? {};
        const unitId = String(p['unitId'] ?? user['unitId'] ?? '');
        const departmentId = String(p['departmentId'] ?? user['departmentId'] ?? '');
        const units = await this.units().catch(() => [] as UnitOption[]);
        const depts = unitId ? await this.departments(unitId).catch(() => [] as DepartmentOption[]) : [];
        return {
          userId: String(user['id'] ?? user['userId'] ?? ''),
          unitId,
          unitName: units.find((u) => u.id === unitId)?.name ?? String(p['unitName'] ?? ''),
          departmentId,
          departmentName: depts.find((d) => d.id === departmentId)?.name ?? String(p['departmentName'] ?? ''),
        };
      })
      .catch((e) => {
        this.postCache = null;
        throw e;
      });
    return this.postCache;
  }

  // ── 发文 ──
  draft(dto: DraftDto): Promise<{ id: string }> {
    return this.post(`${B}/outgoing`, dto);
  }
  outgoing(id: string): Promise<OutgoingView> {
    return this.get(`${B}/outgoing/${enc(id)}`);
  }
  diff(id: string, from?: number, to?: number): Promise<DiffAnswer> {
    const p: Record<string, string> = {};
    if (from) p['from'] = String(from);
    if (to) p['to'] = String(to);
    return this.get(`${B}/outgoing/${enc(id)}/diff`, p);
  }
  edit(id: string, patch: EditDto): Promise<{ events?: string[] }> {
    return this.post(`${B}/outgoing/${enc(id)}/edit`, patch);
  }
  submit(id: string, body: { countersignDepartmentIds?: string[]; signerId?: string }): Promise<unknown> {
    return this.post(`${B}/outgoing/${enc(id)}/submit`, body);
  }
  approve(id: string, opinion: string, strokes: Stroke[]): Promise<{ node?: string }> {
    return this.post(`${B}/outgoing/${enc(id)}/approve`, {
      ...(opinion ? { opinion } : {}),
      ...(strokes.length ? { signature: { strokes } } : {}),
    });
  }
  returnToDrafter(id: string, opinion: string): Promise<unknown> {
    return this.post(`${B}/outgoing/${enc(id)}/return`, { opinion });
  }
  reconfirm(id: string, opinion: string, strokes: Stroke[]): Promise<unknown> {
    return this.post(`${B}/outgoing/${enc(id)}/reconfirm`, {
      ...(opinion ? { opinion } : {}),
      ...(strokes.length ? { signature: { strokes } } : {}),
    });
  }
  number(id: string): Promise<{ docNumber: string }> {
    return this.post(`${B}/outgoing/${enc(id)}/number`);
  }
  render(id: string, templateId?: string): Promise<unknown> {
    return this.post(`${B}/outgoing/${enc(id)}/render`, templateId ? { templateId } : {});
  }
  seal(id: string): Promise<unknown> {
    return this.post(`${B}/outgoing/${enc(id)}/seal`);
  }
  verifySeal(id: string): Promise<{ valid: boolean; message: string; sealId: string }> {
    return this.get(`${B}/outgoing/${enc(id)}/seal/verify`);
  }
  distribute(id: string, unitIds: string[]): Promise<{ deliveries: { unitId: string; incomingId: string; copyNo: string }[] }> {
    return this.post(`${B}/outgoing/${enc(id)}/distribute`, { unitIds });
  }
  archive(
    direction: 'outgoing' | 'incoming',
    id: string,
    body: { fondsCode: string; retention: string; orgCode: string; year?: number; remarks?: string },
  ): Promise<{ archivalCode: string }> {
    return this.post(`${B}/${direction}/${enc(id)}/archive`, body);
  }
  /**
   * The 版式文件 (PDF) of a rendered/sealed document, as a Blob fetched with the session's token
   * (the preview embeds it through an object URL, so no token ever sits in a URL).
   */
  pdf(id: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/outgoing/${enc(id)}/pdf`, { responseType: 'blob' }));
  }
  /** 打印: the 发文稿纸 / 收文处理笺 (PDF, opinions and handwritten signatures). */
  printSlip(direction: 'outgoing' | 'incoming', id: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/${direction}/${enc(id)}/print`, { responseType: 'blob' }));
  }
  /** 批量打印: several documents in one PDF (each checked against the caller's data scope). */
  printBatch(items: { direction: 'outgoing' | 'incoming'; id: string }[]): Promise<Blob> {
    const list = items.map((i) => `${i.direction}:${i.id}`).join(',');
    return firstValueFrom(this.http.get(`${B}/print`, { params: { items: list }, responseType: 'blob' }));
  }
  /**
   * 上传附件: the raw file as the body (the API reads the name from X-File-Name), with upload progress
   * events (observe: 'events', reportProgress).
   */
  uploadAttachment(id: string, file: File): Observable<HttpEvent<{ attachment: AttachmentItem }>> {
    return this.http.post<{ attachment: AttachmentItem }>(`${B}/outgoing/${enc(id)}/attachments`, file, {
      headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': enc(file.name) },
      reportProgress: true,
      observe: 'events',
    });
  }
  /** One 附件's bytes: of a 发文, or of a 收文 (the sender's file). */
  attachmentBlob(direction: 'outgoing' | 'incoming', id: string, attachmentId: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/${direction}/${enc(id)}/attachments/${enc(attachmentId)}`, { responseType: 'blob' }));
  }
  deleteAttachment(id: string, attachmentId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${B}/outgoing/${enc(id)}/attachments/${enc(attachmentId)}`));
  }
  /** The workflow's view of the 发文 process (办文日志 with names and handwritten signatures). */
  async processLog(processId: string): Promise<ProcessLogRow[] | null> {
    try {
      const r = await this.get<Record<string, unknown>>(`/api/processes/${enc(processId)}`);
      const log = Array.isArray(r['log']) ? r['log'] : Array.isArray(r['history']) ? r['history'] : null;
      return log as ProcessLogRow[] | null;
    } catch {
      return null;
    }
  }

  // ── 收文 ──
  pending(page: number, pageSize: number): Promise<Paged<PendingRow>> {
    return this.get<unknown>(`${B}/incoming/pending`, { page: String(page), pageSize: String(pageSize) }).then((r) => ({
      items: itemsOf(r) as PendingRow[],
      total: totalOf(r),
    }));
  }
  incoming(id: string): Promise<IncomingView> {
    return this.get(`${B}/incoming/${enc(id)}`);
  }
  signFor(id: string): Promise<unknown> {
    return this.post(`${B}/incoming/${enc(id)}/sign-for`);
  }
  returnIncoming(id: string, reason: string): Promise<unknown> {
    return this.post(`${B}/incoming/${enc(id)}/return`, { reason });
  }
  register(id: string, body: { category?: string; supervisionDeadline?: string; remarks?: string }): Promise<{ receiptNumber: string }> {
    return this.post(`${B}/incoming/${enc(id)}/register`, body);
  }
  registerPaper(body: Record<string, unknown>): Promise<{ id: string; receiptNumber: string }> {
    return this.post(`${B}/incoming/paper`, body);
  }
  propose(id: string, opinion: string, leaderIds: string[]): Promise<unknown> {
    return this.post(`${B}/incoming/${enc(id)}/propose`, { opinion, ...(leaderIds.length ? { leaderIds } : {}) });
  }
  instruct(id: string, instruction: string, strokes: Stroke[]): Promise<unknown> {
    return this.post(`${B}/incoming/${enc(id)}/instruct`, {
      ...(instruction ? { instruction } : {}),
      ...(strokes.length ? { signature: { strokes } } : {}),
    });
  }
  assign(id: string, leadDepartmentId: string, coDepartmentIds: string[], deadline: string): Promise<unknown> {
    return this.post(`${B}/incoming/${enc(id)}/assign`, {
      leadDepartmentId,
      ...(coDepartmentIds.length ? { coDepartmentIds } : {}),
      ...(deadline ? { deadline } : {}),
    });
  }
  circulate(id: string, readerIds: string[]): Promise<unknown> {
    return this.post(`${B}/incoming/${enc(id)}/circulate`, { readerIds });
  }
  markRead(id: string): Promise<unknown> {
    return this.post(`${B}/incoming/${enc(id)}/read`);
  }
  circulation(id: string): Promise<CirculationRow[]> {
    return this.get<unknown>(`${B}/incoming/${enc(id)}/circulation`).then((r) => itemsOf(r) as CirculationRow[]);
  }
  complete(id: string, summary: string): Promise<unknown> {
    return this.post(`${B}/incoming/${enc(id)}/complete`, summary ? { summary } : {});
  }
  myUnread(): Promise<CirculationRow[]> {
    return this.get<unknown>(`${B}/circulation/mine`).then((r) => itemsOf(r) as CirculationRow[]);
  }

  // ── 综合查询 / 归档 ──
  search(f: Partial<SearchFilter>, page: number, pageSize: number): Promise<Paged<RegistryRow> & { totalCapped: boolean }> {
    return this.get<unknown>(`${B}/search`, searchParams(f, page, pageSize)).then((r) => ({
      items: itemsOf(r) as RegistryRow[],
      total: totalOf(r),
      /** counting stopped at the cap: more than `total` match */
      totalCapped: !!r && typeof r === 'object' && (r as { totalCapped?: unknown }).totalCapped === true,
    }));
  }
  searchXlsx(f: Partial<SearchFilter>): Promise<Blob> {
    return firstValueFrom(this.http.get(`${B}/search`, { params: searchParams(f, undefined, undefined, 'xlsx'), responseType: 'blob' }));
  }
  catalogue(year: number): Promise<CatalogueRow[]> {
    return this.get<unknown>(`${B}/archive/catalogue`, { year: String(year) }).then((r) => itemsOf(r) as CatalogueRow[]);
  }
  catalogueXlsx(year: number): Promise<Blob> {
    return firstValueFrom(
      this.http.get(`${B}/archive/catalogue`, { params: { year: String(year), format: 'xlsx' }, responseType: 'blob' }),
    );
  }

  // ── pickers ──
  private tree(): Promise<unknown> {
    this.treeCache ??= this.get<unknown>('/api/org/tree').catch((e) => {
      this.treeCache = null;
      throw e;
    });
    return this.treeCache;
  }
  /** Every open unit of the platform (分发 targets), flattened in tree order. */
  async units(): Promise<UnitOption[]> {
    const t = (await this.tree()) as { units?: unknown[] };
    const out: UnitOption[] = [];
    const walk = (list: unknown[], parentName: string) => {
      for (const x of list as { id: string; name: string; children?: unknown[] }[]) {
        out.push({ id: x.id, name: x.name, parentName });
        walk(x.children ?? [], x.name);
      }
    };
    walk(t.units ?? [], '');
    return out;
  }
  /** The departments of one unit (承办, 会签), flattened. */
  async departments(unitId: string): Promise<DepartmentOption[]> {
    const t = (await this.tree()) as { units?: unknown[] };
    const out: DepartmentOption[] = [];
    type D = { id: string; name: string; leader: { id: string; name: string | null } | null; children?: D[] };
    type U = { id: string; departments?: D[]; children?: U[] };
    const walkD = (list: D[]) =>
      list.forEach((d) => {
        out.push({ id: d.id, name: d.name, unitId, leader: d.leader });
        walkD(d.children ?? []);
      });
    const find = (list: U[]): void => list.forEach((u) => (u.id === unitId ? walkD(u.departments ?? []) : find(u.children ?? [])));
    find((t.units ?? []) as U[]);
    return out;
  }
  /** Active people of a unit (传阅人, 批示领导, 签发人). */
  async users(unitId: string): Promise<UserOption[]> {
    const out: UserOption[] = [];
    for (let page = 1; page <= 10; page++) {
      const r = await this.get<unknown>('/api/users', { unitId, page: String(page), pageSize: '100' });
      const items = itemsOf(r) as { id: string; name: string; departmentName: string | null; title: string | null }[];
      out.push(...items.map((u) => ({ id: u.id, name: u.name, departmentName: u.departmentName ?? '', title: u.title ?? '' })));
      if (out.length >= totalOf(r) || items.length === 0) break;
    }
    return out;
  }
}

/** Saves a Blob under a file name (Excel exports). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
