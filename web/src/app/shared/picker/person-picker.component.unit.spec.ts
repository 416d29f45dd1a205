import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { PersonPickerComponent } from './person-picker.component';

const settle = async (fx: { whenStable(): Promise<unknown>; detectChanges(): void }, ms = 0) => {
  await new Promise((r) => setTimeout(r, ms));
  await fx.whenStable();
  fx.detectChanges();
};

const TREE = {
  units: [
    {
      id: 'czj',
      name: '区财政局',
      departments: [
        { id: 'czj-ysk', name: '预算科', children: [] },
        { id: 'czj-bgs', name: '办公室', children: [] },
      ],
      children: [],
    },
  ],
};

describe('PersonPickerComponent (人员 / 部门选择)', () => {
  let ctl: HttpTestingController;
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    ctl = TestBed.inject(HttpTestingController);
  });

  it('finds people by pinyin initials, picks one, and offers them again under 最近选择', async () => {
    const fx = TestBed.createComponent(PersonPickerComponent);
    fx.componentRef.setInput('exclude', ['staff']);
    fx.detectChanges();
    const el: HTMLElement = fx.nativeElement;
    const input = el.querySelector<HTMLInputElement>('[data-testid="picker-search"]')!;
    input.value = 'qt';
    input.dispatchEvent(new Event('input'));
    await settle(fx, 200);
    ctl
      .expectOne((r) => r.url === '/api/users' && r.params.get('q') === 'qt')
      .flush({
        items: [
          { id: 'qin-tao', name: '秦涛', unitName: '区财政局', departmentName: '预算科', title: '科长', initials: 'qt' },
          { id: 'staff', name: '许文博', unitName: '区财政局', departmentName: '预算科', title: '科员', initials: 'xwb' },
        ],
        total: 2,
      });
    await settle(fx);
    const options = [...el.querySelectorAll('[data-testid="picker-option"]')].map((o) => o.textContent ?? '');
    expect(options).toHaveLength(1); // the excluded one (myself) is not offered
    expect(options[0]).toContain('秦涛');
    expect(options[0]).toContain('预算科');
    el.querySelector<HTMLButtonElement>('[data-testid="picker-option"]')!.click();
    await settle(fx);
    expect(fx.componentInstance.value()).toBe('qin-tao');
    expect(el.querySelector('[data-testid="picker-chosen"]')?.textContent).toContain('秦涛');

    // a second picker (another page) offers the recent choice
    const again = TestBed.createComponent(PersonPickerComponent);
    again.detectChanges();
    await settle(again);
    const chip = again.nativeElement.querySelector('[data-testid="picker-recent"]') as HTMLButtonElement;
    expect(chip.textContent).toContain('秦涛');
    chip.click();
    await settle(again);
    expect(again.componentInstance.value()).toBe('qin-tao');
  });

  it('walks the org tree: 单位 → 部门 → 人员', async () => {
    const fx = TestBed.createComponent(PersonPickerComponent);
    fx.detectChanges();
    const el: HTMLElement = fx.nativeElement;
    el.querySelector<HTMLButtonElement>('[data-testid="picker-tree-toggle"]')!.click();
    ctl.expectOne('/api/org/tree').flush(TREE);
    await settle(fx);
    el.querySelector<HTMLButtonElement>('[data-testid="picker-unit"]')!.click();
    await settle(fx);
    const dept = [...el.querySelectorAll<HTMLButtonElement>('[data-testid="picker-department"]')].find((b) =>
      b.textContent?.includes('预算科'),
    )!;
    dept.click();
    ctl
      .expectOne((r) => r.url === '/api/users' && r.params.get('departmentId') === 'czj-ysk')
      .flush({ items: [{ id: 'qin-tao', name: '秦涛', title: '科长' }], total: 1 });
    await settle(fx);
    el.querySelector<HTMLButtonElement>('[data-testid="picker-member"]')!.click();
    await settle(fx);
    expect(fx.componentInstance.value()).toBe('qin-tao');
  });

  it('department mode: search the tree by name and pick a department (for 主送 / 抄送)', async () => {
    const fx = TestBed.createComponent(PersonPickerComponent);
    fx.componentRef.setInput('mode', 'department');
    fx.detectChanges();
    const el: HTMLElement = fx.nativeElement;
    const input = el.querySelector<HTMLInputElement>('[data-testid="picker-search"]')!;
    input.value = '预算';
    input.dispatchEvent(new Event('input'));
    ctl.expectOne('/api/org/tree').flush(TREE);
    await settle(fx);
    const opts = el.querySelectorAll<HTMLButtonElement>('[data-testid="picker-option"]');
    expect(opts).toHaveLength(1);
    expect(opts[0].textContent).toContain('区财政局');
    opts[0].click();
    await settle(fx);
    expect(fx.componentInstance.value()).toBe('czj-ysk');
  });
});
