import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authInterceptor } from '../../core/auth.interceptor';
import { tokens } from '../../core/tokens';
import { inboxPage, opinionList, processAnswer } from '../../core/api-fixtures';
import type { TaskAction } from '../../core/models';
import { ProcessPage } from './process.page';

type ProcessOverrides = Parameters<typeof processAnswer>[0];

/** GET /api/processes/p1 in its declared shape (../../core/api-fixtures.ts fills what a test does not name). */
const detail = (allowedActions: TaskAction[], admin: unknown = undefined, extra: ProcessOverrides = {}) => ({
  ...processAnswer({
    id: 'p1',
    title: '李明的请假申请',
    definitionName: '请假',
    status: 'running',
    fields: [{ name: 'days', label: '请假天数', type: 'number' }],
    form: { days: 3 },
    nodes: [
      { id: 'n1', name: '科长审批', state: 'done' },
      { id: 'n2', name: '局长审批', state: 'current' },
    ],
    log: [
      {
        actorName: '张科长',
        action: 'approve',
        opinion: '同意',
        at: '2026-11-25T02:00:00Z',
        signature: [
          {
            points: [
              [10, 10, 0.5, 0],
              [90, 40, 0.5, 20],
            ],
          },
        ],
      },
    ],
    task: { id: 't1', allowedActions },
    allowedActions,
    ...extra,
  }),
  ...(admin !== undefined ? { admin } : {}),
});

describe('ProcessPage (task page)', () => {
  let ctl: HttpTestingController;
  beforeEach(() => {
    localStorage.clear();
    tokens.set('a', 'r');
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    ctl = TestBed.inject(HttpTestingController);
  });

  afterEach(() => vi.unstubAllGlobals());

  async function render(actions: TaskAction[], admin: unknown = undefined, extra: ProcessOverrides = {}) {
    const fx = TestBed.createComponent(ProcessPage);
    fx.componentRef.setInput('id', 'p1');
    fx.detectChanges();
    ctl.expectOne('/api/opinions').flush(opinionList([{ id: 'o1', text: '同意，请按程序办理。', useCount: 5 }]));
    ctl.expectOne('/api/processes/p1').flush(detail(actions, admin, extra));
    await new Promise((r) => setTimeout(r));
    await fx.whenStable();
    fx.detectChanges();
    return fx;
  }

  it('shows only the action buttons the API allows', async () => {
    const fx = await render(['approve', 'return']);
    const el: HTMLElement = fx.nativeElement;
    const shown = [...el.querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action'));
    expect(shown).toEqual(['approve', 'return']);
    expect(el.textContent).toContain('局长审批');
    expect(el.querySelector('[data-state="current"]')?.textContent).toContain('办理中');
  });

  it('shows no action panel when nothing is allowed, and the log signature as SVG', async () => {
    const fx = await render([]);
    const el: HTMLElement = fx.nativeElement;
    expect(el.querySelector('[data-testid="action-panel"]')).toBeNull();
    const path = el.querySelector('[data-testid="approval-log"] svg path');
    expect(path?.getAttribute('d')).toMatch(/^M.*Z$/);
  });

  it('approves with the picked common opinion and the drawn signature', async () => {
    const fx = await render(['approve']);
    const el: HTMLElement = fx.nativeElement;
    const picker = el.querySelector<HTMLSelectElement>('[data-testid="opinion-picker"]')!;
    picker.value = '同意，请按程序办理。';
    picker.dispatchEvent(new Event('change'));
    fx.componentInstance.strokes.set([
      {
        points: [
          [1, 2, 0.5, 0],
          [30, 40, 0.6, 16],
        ],
      },
    ]);
    await fx.whenStable();
    el.querySelector<HTMLButtonElement>('[data-action="approve"]')!.click();
    const req = ctl.expectOne('/api/tasks/t1/approve');
    expect(req.request.body).toEqual({
      opinion: '同意，请按程序办理。',
      signature: [
        {
          points: [
            [1, 2, 0.5, 0],
            [30, 40, 0.6, 16],
          ],
        },
      ],
    });
    req.flush({});
    await new Promise((r) => setTimeout(r));
    ctl.expectOne('/api/processes/p1').flush(detail([]));
  });

  it('shows the API problem detail when the action is refused (409)', async () => {
    const fx = await render(['approve']);
    const el: HTMLElement = fx.nativeElement;
    el.querySelector<HTMLButtonElement>('[data-action="approve"]')!.click();
    ctl.expectOne('/api/tasks/t1/approve').flush({ status: 409, detail: '该任务已被他人处理' }, { status: 409, statusText: 'Conflict' });
    await new Promise((r) => setTimeout(r));
    await fx.whenStable();
    fx.detectChanges();
    expect(el.querySelector('[data-testid="action-error"]')?.textContent).toContain('该任务已被他人处理');
  });

  it('a missing process endpoint (404) gives a friendly empty state', async () => {
    const fx = TestBed.createComponent(ProcessPage);
    fx.componentRef.setInput('id', 'p1');
    fx.detectChanges();
    ctl.expectOne('/api/opinions').flush({}, { status: 404, statusText: 'Not Found' });
    ctl.expectOne('/api/processes/p1').flush({}, { status: 404, statusText: 'Not Found' });
    await new Promise((r) => setTimeout(r));
    await fx.whenStable();
    fx.detectChanges();
    expect(fx.nativeElement.textContent).toContain('该流程不存在，或流程服务尚未开通');
  });

  const ADMIN = {
    actions: ['reassign', 'terminate'],
    reassignable: [{ taskId: 'p1.t2', nodeName: '局长审批', assigneeId: 'wei-jian', assigneeName: '魏坚', actingDelegateName: '' }],
  };
  const settle = async (fx: { whenStable(): Promise<unknown>; detectChanges(): void }) => {
    await new Promise((r) => setTimeout(r));
    await fx.whenStable();
    fx.detectChanges();
  };

  it('shows the 流程干预 buttons only when the API sends the admin section', async () => {
    const plain = await render(['approve'], null);
    expect(plain.nativeElement.querySelector('[data-testid="admin-panel"]')).toBeNull();
    const fx = await render([], ADMIN);
    const shown = [...fx.nativeElement.querySelectorAll('[data-admin-action]')].map((b) => (b as HTMLElement).textContent?.trim());
    expect(shown).toEqual(['改派', '终止流程']);
    expect(fx.nativeElement.querySelector('[data-testid="status"]')?.textContent).toContain('办理中');
  });

  it('改派 asks for the new handler and a reason in a dialog, then posts and reloads', async () => {
    const fx = await render([], ADMIN);
    const el: HTMLElement = fx.nativeElement;
    el.querySelector<HTMLButtonElement>('[data-admin-action="reassign"]')!.click();
    await settle(fx);
    expect(el.querySelector('[data-testid="admin-dialog"]')?.textContent).toContain('魏坚');
    el.querySelector<HTMLButtonElement>('[data-testid="admin-submit"]')!.click();
    await settle(fx);
    expect(el.querySelector('[data-testid="admin-error"]')?.textContent).toContain('请填写新办理人');
    ctl.expectNone('/api/tasks/p1.t2/reassign');
    // the new handler is picked from the address book (pinyin initials), not typed as an id
    const user = el.querySelector<HTMLInputElement>('#admin-user')!;
    user.value = 'qm';
    user.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 200));
    ctl
      .expectOne((r) => r.url === '/api/users' && r.params.get('q') === 'qm')
      .flush({ items: [{ id: 'qi-ming', name: '齐明', unitName: '区财政局', departmentName: '预算科', initials: 'qm' }], total: 1 });
    await settle(fx);
    el.querySelector<HTMLButtonElement>('[data-testid="picker-option"]')!.click();
    await settle(fx);
    expect(el.querySelector('[data-testid="picker-chosen"]')?.textContent).toContain('齐明');
    const reason = el.querySelector<HTMLTextAreaElement>('#admin-reason')!;
    reason.value = '  魏坚外出学习  ';
    reason.dispatchEvent(new Event('input'));
    await settle(fx);
    el.querySelector<HTMLButtonElement>('[data-testid="admin-submit"]')!.click();
    const req = ctl.expectOne('/api/tasks/p1.t2/reassign');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ toUserId: 'qi-ming', reason: '魏坚外出学习' });
    req.flush({});
    await settle(fx);
    ctl.expectOne('/api/processes/p1').flush(detail([], { actions: ['terminate'], reassignable: [] }));
    await settle(fx);
    expect(el.querySelector('[data-testid="admin-dialog"]')).toBeNull();
  });

  it('终止 needs a reason; a refusal from the API is shown in the dialog', async () => {
    const fx = await render([], ADMIN);
    const el: HTMLElement = fx.nativeElement;
    el.querySelector<HTMLButtonElement>('[data-admin-action="terminate"]')!.click();
    await settle(fx);
    el.querySelector<HTMLButtonElement>('[data-testid="admin-submit"]')!.click();
    await settle(fx);
    expect(el.querySelector('[data-testid="admin-error"]')?.textContent).toContain('请填写终止原因');
    const reason = el.querySelector<HTMLTextAreaElement>('#admin-reason')!;
    reason.value = '重复提交';
    reason.dispatchEvent(new Event('input'));
    await settle(fx);
    el.querySelector<HTMLButtonElement>('[data-testid="admin-submit"]')!.click();
    const req = ctl.expectOne('/api/processes/p1/terminate');
    expect(req.request.body).toEqual({ reason: '重复提交' });
    req.flush({ status: 409, detail: '流程已结束或已被终止，请刷新后重试' }, { status: 409, statusText: 'Conflict' });
    await settle(fx);
    expect(el.querySelector('[data-testid="admin-error"]')?.textContent).toContain('流程已结束或已被终止');
  });

  // ── issue 13 ──
  const RETURNED: ProcessOverrides = {
    status: 'returned',
    nodes: [
      { id: 'start', name: '申请', state: 'current' },
      { id: 'n1', name: '科长审批', state: 'redo', note: '张科长 曾同意，退回后待重新办理' },
      { id: 'n2', name: '局长审批', state: 'returned', note: '王局长 退回' },
    ],
    task: { id: 't9', kind: 'resubmit', allowedActions: ['resubmit', 'cancel'], editableFields: ['days'] },
    allowedActions: ['resubmit', 'cancel'],
  };

  it('a returned request offers 重新提交 and 作废, with the form editable, and resubmits the corrected form', async () => {
    const fx = await render([], undefined, RETURNED);
    const el: HTMLElement = fx.nativeElement;
    const shown = [...el.querySelectorAll('[data-action]')].map((b) => b.textContent?.trim());
    expect(shown).toEqual(['重新提交', '作废']);
    expect(el.querySelector('[data-testid="status"]')?.textContent).toContain('已退回');
    const days = el.querySelector<HTMLInputElement>('input#f-days')!;
    expect(days).not.toBeNull();
    days.value = '5';
    days.dispatchEvent(new Event('input'));
    el.querySelector<HTMLButtonElement>('[data-action="resubmit"]')!.click();
    const req = ctl.expectOne('/api/processes/p1/resubmit');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ form: { days: 5 } });
  });

  it('作废 asks first, then posts to the process', async () => {
    vi.stubGlobal('confirm', () => true);
    const fx = await render([], undefined, RETURNED);
    fx.nativeElement.querySelector('[data-action="cancel"]')!.click();
    const req = ctl.expectOne('/api/processes/p1/cancel');
    expect(req.request.method).toBe('POST');
  });

  it('the diagram tells a 退回 loop: nodes approved before it read 待重新办理, not 未开始', async () => {
    const fx = await render([], undefined, RETURNED);
    const el: HTMLElement = fx.nativeElement;
    expect(el.querySelector('[data-state="redo"]')?.textContent).toContain('待重新办理');
    expect(el.querySelector('[data-state="redo"]')?.textContent).toContain('张科长');
    expect(el.querySelector('[data-state="returned"]')?.textContent).toContain('已退回');
    expect(el.querySelector('[data-state="pending"]')).toBeNull();
  });

  it('after 同意 it offers the next 待办 and the way back to the list', async () => {
    const fx = await render(['approve']);
    const el: HTMLElement = fx.nativeElement;
    el.querySelector<HTMLButtonElement>('[data-action="approve"]')!.click();
    ctl.expectOne('/api/tasks/t1/approve').flush({});
    await settle(fx);
    ctl.expectOne('/api/processes/p1').flush(detail([]));
    await settle(fx);
    ctl
      .expectOne((r) => r.url === '/api/inbox' && r.params.get('box') === 'todo')
      .flush(
        inboxPage([
          { taskId: 't1', processId: 'p1', title: '本件' },
          { taskId: 'x7', processId: 'p7', title: '王五的通用审批' },
        ]),
      );
    await settle(fx);
    const panel = el.querySelector('[data-testid="next-step"]');
    expect(panel?.textContent).toContain('已同意');
    expect(panel?.textContent).toContain('王五的通用审批');
    expect(el.querySelector('[data-testid="next-task"]')?.getAttribute('href')).toContain('/processes/p7');
    expect(el.querySelector('[data-testid="back-to-list"]')?.getAttribute('href')).toContain('/inbox');
  });

  it('the 办文日志 and the status speak Chinese for every code (终止, 作废, 办结, running)', async () => {
    const fx = await render([], undefined, {
      log: ['submit', 'addSigner', 'resubmit', 'cancel', 'terminate', 'complete', 'reassign'].map((action) => ({
        actorName: '某人',
        action,
        at: '2026-11-25T02:00:00Z',
      })),
    });
    const badges = [...fx.nativeElement.querySelectorAll('[data-testid="approval-log"] .badge')].map((b) =>
      (b as HTMLElement).textContent?.trim(),
    );
    expect(badges).toEqual(['提交', '加签', '重新提交', '作废', '终止', '办结', '改派']);
    expect(fx.nativeElement.querySelector('[data-testid="status"]')?.textContent).toContain('办理中');
  });
});
