import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import {
  Box,
  Counts,
  Delegation,
  InboxItem,
  Notice,
  Opinion,
  ProcessDefinition,
  ProcessDetail,
  PROCESS_LEVEL_ACTIONS,
  TaskAction,
  itemsOf,
  normalizeDefinition,
  normalizeDelegation,
  normalizeInboxItem,
  normalizeNotice,
  normalizeOpinion,
  normalizeProcess,
  type DefinitionAnswer,
  type InboxPage,
  type ProcessAnswer,
} from './models';
import type { components } from './api-types';
import { Stroke } from '../shared/signature/strokes';
import { isBatchable, rowLink } from './inbox-links';

export interface ActionBody {
  opinion?: string;
  signature?: Stroke[];
  /** return: the node to return to (absent = the drafter). */
  targetNodeId?: string;
  /** forward / add-signer: the user to hand over to or add. */
  userId?: string;
  /** add-signer: before or after me. */
  position?: 'before' | 'after';
  /** resubmit: the corrected form (money in fen). */
  form?: Record<string, unknown>;
  /** cancel: why (optional). */
  reason?: string;
}

export interface BatchResult {
  taskId: string;
  ok: boolean;
  error?: unknown;
}

/** The inbox and workflow endpoints (issue 4), returning normalised shapes. */
@Injectable({ providedIn: 'root' })
export class WorkflowApi {
  private readonly http = inject(HttpClient);

  async counts(): Promise<Counts> {
    return firstValueFrom(this.http.get<Counts>('/api/inbox/counts'));
  }

  async inbox(
    box: Box,
    page = 1,
    opts: { q?: string; kind?: string; pageSize?: number } = {},
  ): Promise<{ items: InboxItem[]; total: number }> {
    const params: Record<string, string> = { box, page: String(page), pageSize: String(opts.pageSize ?? 20) };
    if (opts.q) params['q'] = opts.q;
    if (opts.kind) params['kind'] = opts.kind;
    const r = await firstValueFrom(this.http.get<InboxPage>('/api/inbox', { params }));
    return {
      items: r.items.map((row) => ({ ...normalizeInboxItem(row), link: rowLink(row, box), batchable: isBatchable(row) })),
      total: r.total,
    };
  }

  async definitions(): Promise<ProcessDefinition[]> {
    const r = await firstValueFrom(this.http.get<components['schemas']['ProcessDefinitionList']>('/api/process-definitions'));
    return r.items.map(normalizeDefinition);
  }

  async definition(key: string): Promise<ProcessDefinition | null> {
    try {
      const r = await firstValueFrom(this.http.get<DefinitionAnswer>(`/api/process-definitions/${encodeURIComponent(key)}`));
      return normalizeDefinition(r);
    } catch (e) {
      if (!(e instanceof HttpErrorResponse) || e.status !== 404) throw e;
      return null;
    }
  }

  async start(definitionKey: string, form: Record<string, unknown>): Promise<string> {
    const r = await firstValueFrom(this.http.post<Record<string, unknown>>('/api/processes', { definitionKey, form }));
    return String(r?.['processId'] ?? r?.['id'] ?? r?.['instanceId'] ?? '');
  }

  /** `taskHint`: the task id the inbox row linked to (?task=), preferred among several open tasks. */
  async process(id: string, taskHint = ''): Promise<ProcessDetail> {
    return normalizeProcess(await firstValueFrom(this.http.get<ProcessAnswer>(`/api/processes/${encodeURIComponent(id)}`)), taskHint);
  }

  /**
   * A task action (POST /api/tasks/:taskId/<action>). 重新提交 / 作废 are addressed to the process
   * (POST /api/processes/:processId/<action>): pass `processId` for them.
   */
  async act(taskId: string, action: TaskAction, body: ActionBody = {}, processId = ''): Promise<unknown> {
    const clean = Object.fromEntries(
      Object.entries(body).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)),
    );
    const url = PROCESS_LEVEL_ACTIONS.includes(action)
      ? `/api/processes/${encodeURIComponent(processId || taskId)}/${action}`
      : `/api/tasks/${encodeURIComponent(taskId)}/${action}`;
    return firstValueFrom(this.http.post(url, clean));
  }

  /**
   * 批量同意: one call to the batch endpoint when the server has it, else one approve per task.
   * Each task's outcome is reported (one may fail with 409 while the others pass).
   */
  async batchApprove(taskIds: string[], opinion: string): Promise<BatchResult[]> {
    try {
      const r = await firstValueFrom(this.http.post<unknown>('/api/tasks/batch/approve', { taskIds, opinion }));
      const rows = itemsOf((r as Record<string, unknown>)?.['results'] ?? r);
      if (rows.length) {
        return rows.map((x) => {
          const o = x as Record<string, unknown>;
          return { taskId: String(o['taskId'] ?? ''), ok: o['ok'] !== false && !o['error'], error: o['error'] };
        });
      }
      return taskIds.map((taskId) => ({ taskId, ok: true }));
    } catch (e) {
      if (!(e instanceof HttpErrorResponse) || (e.status !== 404 && e.status !== 405)) throw e;
    }
    const out: BatchResult[] = [];
    for (const taskId of taskIds) {
      try {
        await this.act(taskId, 'approve', { opinion });
        out.push({ taskId, ok: true });
      } catch (error) {
        out.push({ taskId, ok: false, error });
      }
    }
    return out;
  }

  async notifications(): Promise<Notice[]> {
    const r = await firstValueFrom(
      this.http.get<components['schemas']['NotificationPage']>('/api/notifications', { params: { page: '1', pageSize: '10' } }),
    );
    return r.items.map(normalizeNotice);
  }

  // ── 常用意见 ──
  async opinions(): Promise<Opinion[]> {
    const r = await firstValueFrom(this.http.get<components['schemas']['OpinionList']>('/api/opinions'));
    return r.items.map(normalizeOpinion); // most used first, as the server sorts them
  }
  addOpinion(text: string): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/opinions', { text }));
  }
  updateOpinion(id: string, text: string): Promise<unknown> {
    return firstValueFrom(this.http.put(`/api/opinions/${encodeURIComponent(id)}`, { text }));
  }
  deleteOpinion(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/opinions/${encodeURIComponent(id)}`));
  }

  // ── 外出授权 ──
  async delegations(): Promise<Delegation[]> {
    const r = await firstValueFrom(this.http.get<components['schemas']['DelegationList']>('/api/delegations'));
    return r.items.map(normalizeDelegation);
  }
  addDelegation(body: { delegateId: string; from: string; to: string; kinds: string[] }): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/delegations', body));
  }
  revokeDelegation(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/delegations/${encodeURIComponent(id)}`));
  }
}
