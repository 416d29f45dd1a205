import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { definition, inboxPage } from '../../core/api-fixtures';
import { AuthService } from '../../core/auth.service';
import { LiveEvent, LiveEvents } from '../../core/live-events.service';
import type { InboxRow } from '../../core/models';
import { WorkbenchPage } from './workbench.page';

const tick = () => new Promise((r) => setTimeout(r));

describe('WorkbenchPage', () => {
  let ctl: HttpTestingController;
  const events = new Subject<LiveEvent>();
  let connected = 0;

  beforeEach(() => {
    connected = 0;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LiveEvents, useValue: { events, connect: () => (connected++, () => connected--) } },
      ],
    });
    ctl = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).me.set({
      id: 'staff',
      username: 'staff',
      name: '许文博',
      title: '科员',
      roles: ['staff'],
      permissions: ['workflow.use'],
    });
  });

  async function answer(counts: object, todo: Partial<InboxRow>[]) {
    await tick();
    ctl.expectOne('/api/inbox/counts').flush(counts);
    await tick();
    ctl.expectOne((r) => r.url === '/api/inbox' && r.params.get('box') === 'todo').flush(inboxPage(todo));
    await tick();
  }

  it('shows the counters and the to-do list, and refreshes them live when a notification arrives', async () => {
    const fx = TestBed.createComponent(WorkbenchPage);
    fx.detectChanges();
    ctl.expectOne('/api/process-definitions').flush({ items: [definition({ key: 'leave', name: '请假申请' })], total: 1 });
    ctl.expectOne((r) => r.url === '/api/notifications').flush({}, { status: 404, statusText: 'Not Found' });
    await answer({ todo: 1, toread: 0, done: 5, mine: 2 }, [{ taskId: 't1', processId: 'p1', title: '请假申请 许文博' }]);
    await fx.whenStable();
    const el: HTMLElement = fx.nativeElement;
    expect(connected).toBe(1);
    expect(el.querySelector('[data-testid="count-todo"]')?.textContent).toContain('1');
    expect(el.querySelector('[data-testid="count-done"]')?.textContent).toContain('5');
    expect(el.querySelector('[data-testid="draft-leave"]')?.textContent).toContain('请假申请');
    expect(el.querySelectorAll('[data-testid="task-row"]')).toHaveLength(1);

    events.next({
      type: 'notification',
      data: { id: 'n1', kind: 'task.created', title: '新待办：请假申请', at: '2026-11-25T02:00:00Z', link: '/processes/p2' },
    });
    await answer({ todo: 2, toread: 0, done: 5, mine: 2 }, [
      { taskId: 't2', processId: 'p2', title: '请假申请 尤佳' },
      { taskId: 't1', processId: 'p1', title: '请假申请 许文博' },
    ]);
    await fx.whenStable();
    expect(el.querySelector('[data-testid="count-todo"]')?.textContent).toContain('2');
    expect(el.querySelectorAll('[data-testid="task-row"]')).toHaveLength(2);
    expect(el.textContent).toContain('新待办：请假申请'); // message center

    fx.destroy();
    expect(connected).toBe(0);
  });

  it('a missing inbox endpoint shows an empty state, not an error', async () => {
    const fx = TestBed.createComponent(WorkbenchPage);
    fx.detectChanges();
    ctl.expectOne('/api/process-definitions').flush({}, { status: 404, statusText: 'Not Found' });
    ctl.expectOne((r) => r.url === '/api/notifications').flush({}, { status: 404, statusText: 'Not Found' });
    await tick();
    ctl.expectOne('/api/inbox/counts').flush({}, { status: 404, statusText: 'Not Found' });
    await tick();
    ctl.expectOne((r) => r.url === '/api/inbox').flush({}, { status: 404, statusText: 'Not Found' });
    await tick();
    await fx.whenStable();
    const text = fx.nativeElement.textContent as string;
    expect(text).toContain('待办服务尚未开通');
    expect(text).toContain('流程服务尚未开通');
    expect(fx.nativeElement.querySelector('.alert')).toBeNull();
  });

  it('a 三员 account (no workflow.use) gets no counters, 待办 or 起草, and asks the workflow API nothing', async () => {
    TestBed.inject(AuthService).me.set({
      id: 'sysadmin',
      username: 'sysadmin',
      name: '陈志远',
      title: '',
      roles: ['sysadmin'],
      permissions: ['org.read', 'org.admin'],
    });
    const fx = TestBed.createComponent(WorkbenchPage);
    fx.detectChanges();
    await tick();
    await fx.whenStable();
    ctl.verify();
    expect(connected).toBe(0);
    const el: HTMLElement = fx.nativeElement;
    expect(el.querySelector('[data-testid="no-business"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="count-todo"]')).toBeNull();
    expect(el.querySelector('[data-testid^="draft-"]')).toBeNull();
    expect(el.querySelector('[data-testid="task-row"]')).toBeNull();
  });
});
