import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { DelegationPage } from './delegation.page';

describe('DelegationPage (外出授权, issue 13)', () => {
  let ctl: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    ctl = TestBed.inject(HttpTestingController);
  });

  it('statuses in Chinese, whole days, and 撤销 only on my own delegation still in force or to come', async () => {
    const fx = TestBed.createComponent(DelegationPage);
    fx.detectChanges();
    ctl.expectOne('/api/process-definitions').flush({ items: [] });
    const base = {
      kinds: [],
      from: '2026-12-19T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
      fromDay: '2026-12-20',
      toDay: '2026-12-31',
    };
    ctl.expectOne('/api/delegations').flush({
      items: [
        { ...base, id: 'd1', direction: 'granted', delegateId: 'qin-tao', delegateName: '秦涛', status: 'planned' },
        { ...base, id: 'd2', direction: 'granted', delegateId: 'zhu-li', delegateName: '朱丽', status: 'revoked' },
        { ...base, id: 'd3', direction: 'granted', delegateId: 'zhu-li', delegateName: '朱丽', status: 'expired' },
        {
          ...base,
          id: 'd4',
          direction: 'received',
          principalName: '沈振华',
          delegateId: 'staff',
          delegateName: '许文博',
          status: 'active',
        },
      ],
      total: 4,
    });
    await new Promise((r) => setTimeout(r));
    await fx.whenStable();
    fx.detectChanges();
    const rows = [...(fx.nativeElement as HTMLElement).querySelectorAll('.list li')] as HTMLElement[];
    expect(rows.map((r) => r.querySelector('[data-testid="delegation-status"]')?.textContent?.trim())).toEqual([
      '未生效',
      '已撤销',
      '已过期',
      '生效中',
    ]);
    expect(rows.map((r) => !!r.querySelector('[data-testid="revoke"]'))).toEqual([true, false, false, false]);
    expect(rows[0].textContent).toContain('2026-12-20 至 2026-12-31');
    expect(rows[3].textContent).toContain('沈振华');
  });
});
