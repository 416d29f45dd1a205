import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { describe, expect, it } from 'vitest';
import { InboxItem } from '../core/models';
import { TaskListComponent } from './task-list.component';

const item = (over: Partial<InboxItem>): InboxItem => ({
  taskId: 't',
  processId: 'p',
  title: '请假',
  kindName: '请假',
  nodeName: '',
  initiatorName: '李明',
  arrivedAt: '',
  deadline: '',
  overdue: false,
  onBehalfOfName: '',
  status: '',
  ...over,
});

describe('TaskListComponent', () => {
  it('marks overdue and delegated rows, links to the task, and selects for batch approve', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
    const fx = TestBed.createComponent(TaskListComponent);
    fx.componentRef.setInput('items', [
      item({ taskId: 't1', processId: 'p1', title: '甲', deadline: '2000-01-01T00:00:00Z' }),
      item({ taskId: 't2', processId: 'p2', title: '乙', onBehalfOfName: '张三', deadline: '2999-01-01T00:00:00Z' }),
    ]);
    fx.componentRef.setInput('selectable', true);
    fx.detectChanges();
    await fx.whenStable();
    const rows: HTMLElement[] = [...fx.nativeElement.querySelectorAll('[data-testid="task-row"]')];
    expect(rows).toHaveLength(2);
    expect(rows[0].classList.contains('overdue')).toBe(true);
    expect(rows[0].textContent).toContain('已超期');
    expect(rows[1].textContent).not.toContain('已超期');
    expect(rows[1].textContent).toContain('代 张三');
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('/processes/p1?task=t1');
    rows[1].querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    expect(fx.componentInstance.selected()).toEqual(['t2']);
  });

  it('opens 公文 rows on their document page and offers no batch checkbox where batch approve does not apply', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
    const fx = TestBed.createComponent(TaskListComponent);
    fx.componentRef.setInput('items', [
      item({
        taskId: 'r1',
        processId: 'in-1',
        title: '收文',
        link: { path: '/documents/incoming/in-1', query: {}, resolveOutgoing: false },
        batchable: false,
      }),
      item({
        taskId: 't3',
        processId: 'p3',
        title: '请假',
        link: { path: '/processes/p3', query: { task: 't3' }, resolveOutgoing: false },
        batchable: true,
      }),
    ]);
    fx.componentRef.setInput('selectable', true);
    fx.detectChanges();
    await fx.whenStable();
    const rows: HTMLElement[] = [...fx.nativeElement.querySelectorAll('[data-testid="task-row"]')];
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('/documents/incoming/in-1');
    expect(rows[0].querySelector('input[type=checkbox]')).toBeNull();
    expect(rows[1].querySelector('a')?.getAttribute('href')).toBe('/processes/p3?task=t3');
    expect(rows[1].querySelector('input[type=checkbox]')).not.toBeNull();
  });

  it('shows the empty text', () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
    const fx = TestBed.createComponent(TaskListComponent);
    fx.componentRef.setInput('items', []);
    fx.componentRef.setInput('emptyText', '暂无待办事项');
    fx.detectChanges();
    expect(fx.nativeElement.textContent).toContain('暂无待办事项');
  });
});
