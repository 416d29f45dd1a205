import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../core/auth.service';
import { normalizeMe } from '../core/models';
import { ShellComponent } from './shell.component';

describe('ShellComponent header (issue 13: 单位 · 部门, not the post title)', () => {
  let ctl: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    ctl = TestBed.inject(HttpTestingController);
  });

  it('GET /api/me names only ids: the header reads the unit and department from the address book', async () => {
    // the shape GET /api/me answers today: posts with ids and the title
    TestBed.inject(AuthService).me.set(
      normalizeMe({
        user: {
          id: 'staff',
          username: 'staff',
          name: '许文博',
          unitId: 'czj',
          departmentId: 'czj-ysk',
          title: '科员',
          rank: '科员',
          roles: ['staff'],
          mustChangePassword: false,
        },
        posts: [{ unitId: 'czj', departmentId: 'czj-ysk', title: '科员', rank: '科员', primary: true }],
        roles: [{ roleId: 'staff', name: '工作人员', scope: 'department' }],
        permissions: [{ permission: 'workflow.use', scope: 'department' }],
        lastLoginAt: null,
      }),
    );
    const fx = TestBed.createComponent(ShellComponent);
    fx.detectChanges();
    await new Promise((r) => setTimeout(r));
    ctl.expectOne('/api/users/staff').flush({ id: 'staff', name: '许文博', unitName: '区财政局', departmentName: '预算科', title: '科员' });
    await new Promise((r) => setTimeout(r));
    await fx.whenStable();
    fx.detectChanges();
    const who = fx.nativeElement.querySelector('[data-testid="who"]') as HTMLElement;
    expect(who.querySelector('.org')?.textContent?.trim()).toBe('区财政局 · 预算科');
    expect(who.textContent).not.toContain('科员');
  });
});
