import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it } from 'vitest';
import { authInterceptor } from '../../core/auth.interceptor';
import { tokens } from '../../core/tokens';
import { ProcessPage } from './process.page';

const detail = (allowedActions: string[]) => ({
  id: 'p1', title: '李明的请假申请', definitionName: '请假', status: 'running',
  fields: [{ name: 'days', label: '请假天数', type: 'number' }], form: { days: 3 },
  nodes: [{ id: 'n1', name: '科长审批', state: 'done' }, { id: 'n2', name: '局长审批', state: 'current' }],
  log: [{ actorName: '张科长', action: 'approve', opinion: '同意', at: '2026-11-25T02:00:00Z', signature: [{ points: [[10, 10, 0.5, 0], [90, 40, 0.5, 20]] }] }],
  task: { id: 't1', allowedActions },
});

describe('ProcessPage (task page)', () => {
  let ctl: HttpTestingController;
  beforeEach(() => {
    localStorage.clear();
    tokens.set('a', 'r');
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()] });
    ctl = TestBed.inject(HttpTestingController);
  });

  async function render(actions: string[]) {
    const fx = TestBed.createComponent(ProcessPage);
    fx.componentRef.setInput('id', 'p1');
    fx.detectChanges();
    ctl.expectOne('/api/opinions').flush([{ id: 'o1', text: '同意，请按程序办理。', useCount: 5 }]);
    ctl.expectOne('/api/processes/p1').flush(detail(actions));
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
    fx.componentInstance.strokes.set([{ points: [[1, 2, 0.5, 0], [30, 40, 0.6, 16]] }]);
    await fx.whenStable();
    el.querySelector<HTMLButtonElement>('[data-action="approve"]')!.click();
    const req = ctl.expectOne('/api/tasks/t1/approve');
    expect(req.request.body).toEqual({ opinion: '同意，请按程序办理。', signature: [{ points: [[1, 2, 0.5, 0], [30, 40, 0.6, 16]] }] });
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
});
