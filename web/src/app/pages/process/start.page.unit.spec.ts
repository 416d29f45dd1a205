import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it } from 'vitest';
import { StartPage } from './start.page';

describe('StartPage (issue 13: 发文 starts only from 公文 → 拟稿)', () => {
  let ctl: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    ctl = TestBed.inject(HttpTestingController);
  });

  it('a definition its module starts shows the way to 拟稿, not a free-text form', async () => {
    const fx = TestBed.createComponent(StartPage);
    fx.componentRef.setInput('key', 'outgoing-document');
    fx.detectChanges();
    ctl.expectOne('/api/process-definitions/outgoing-document').flush({
      key: 'outgoing-document',
      name: '发文审批',
      startable: false,
      fields: [{ name: 'docKind', label: '文种', type: 'string', required: true }],
    });
    await new Promise((r) => setTimeout(r));
    await fx.whenStable();
    fx.detectChanges();
    const el: HTMLElement = fx.nativeElement;
    expect(el.querySelector('[data-testid="start-elsewhere"]')?.textContent).toContain('公文 → 拟稿');
    expect(el.querySelector('form')).toBeNull();
    expect(el.querySelector('[data-testid="start-submit"]')).toBeNull();
  });
});
