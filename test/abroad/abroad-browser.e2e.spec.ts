/**
 * 出国境 in the browser, at 375 px (phone, touch) and 1440 px (desktop), on the demo district:
 *   - phone: 邹凯 opens 出国境 → 新建申请, picks 出入境, fills the form; an 入境 before the 出境 is refused
 *     under the field before anything is sent; corrected, it is submitted and the application page shows
 *     审批中 at 单位初审 with the levels. No sideways scrolling. The unit head 曹军 approves it on the
 *     phone from the process page; the application moves to 外事审核.
 *   - desktop: 严青 (出国境管理员) sees the 证照台账 as a table with 陶然's 证照 逾期未还 (demo data),
 *     opens it and records 归还: it is 保管中 again and the history says how late.
 * Screenshots: test/artifacts/abroad-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  browserAvailable,
  ensureWebBuild,
  horizontalOverflow,
  launchBrowser,
  login,
  newPage,
  screenshot,
  startServer,
  type RunningBrowser,
  type RunningServer,
} from '../browser/harness';

const run = browserAvailable();
const DAY = 86_400_000;
const date = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);

describe.skipIf(!run)('出国境 at 375 px and 1440 px', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer({ ABROAD_DEMO: '1' }), launchBrowser()]);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  async function open(user: string, path: string, device: typeof DESKTOP | typeof PHONE) {
    const s = await newPage(chrome.browser, server.url, device);
    await login(s.page, user, undefined, device === PHONE);
    await s.page.waitForURL('**/home');
    await s.page.goto(path);
    return s;
  }
  const tap = (page: Page, sel: string) => page.locator(sel).first().tap();

  let processId = '';
  let applicationId = '';
  it('phone: 邹凯 applies for 出入境; the form refuses an 入境 before the 出境; the application waits at 单位初审', async () => {
    const { page, errors, context } = await open('zoukai', '/abroad/applications/new', PHONE);
    await page.locator('[data-testid="apply-form"]').waitFor({ timeout: 20_000 });
    await page.locator('label.entry', { hasText: '出入境' }).first().tap();
    await page.locator('#a-reason').fill('春节赴港探亲');
    await page.locator('#a-doctype').selectOption('因私护照');
    await page.locator('#a-docno').fill('E35120003');
    await page.locator('#a-valid').fill('2031-06-30');
    await page.locator('#a-depart').fill(date(12));
    await page.locator('#a-return').fill(date(10));
    await page.locator('#a-dest').selectOption('港澳台');
    await page.locator('#s-region-0').fill('香港');
    await page.locator('#s-arrive-0').fill(date(12));
    await page.locator('#s-leave-0').fill(date(14));
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/abroad/applications')) posted++;
    });
    await tap(page, '[data-testid="apply-submit"]');
    await expect.poll(() => page.locator('.field.invalid .err').first().innerText()).toBe('入境时间不能早于出境时间');
    expect(posted).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'abroad-apply-error-375');
    await page.locator('#a-return').fill(date(14));
    await expect.poll(() => page.locator('[data-testid="days"]').innerText()).toContain('在外 3 天');
    await tap(page, '[data-testid="apply-submit"]');
    await page.waitForURL(/\/abroad\/applications\/(?!new)[^/]+$/, { timeout: 20_000 });
    await expect.poll(() => page.locator('[data-testid="status"]').innerText(), { timeout: 20_000 }).toBe('审批中');
    expect(await page.locator('[data-testid="current-step"]').innerText()).toBe('当前环节：单位初审');
    expect(await page.locator('[data-testid="levels"] li').allInnerTexts()).toEqual([
      '单位初审：曹军',
      '外事审核：李文静、王芳',
      '组织人事审核：严青',
      '区分管领导审批：钱慧',
    ]);
    processId = (await page.locator('[data-testid="open-process"]').getAttribute('href'))!.split('/').pop()!;
    applicationId = page.url().split('/').pop()!;
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'abroad-application-375');
    // the list on a phone: cards, not a sideways table
    await page.goto('/abroad/applications');
    const card = page.locator('[data-testid="application-cards"] li', { hasText: '邹凯' }).first();
    await card.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="applications"]').isVisible()).toBe(false);
    expect(await card.innerText()).toContain('待单位初审');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'abroad-list-375');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('phone: the unit head 曹军 approves on the process page; the application then waits at 外事审核', async () => {
    const { page, errors, context } = await open('caojun', `/processes/${processId}`, PHONE);
    await page.locator('[data-testid="action-panel"]').waitFor({ timeout: 20_000 });
    await page.locator('#opinion').fill('同意，请外事部门审核。');
    const approved = page.waitForResponse((r) => /\/api\/tasks\/[^/]+\/approve$/.test(r.url()));
    await tap(page, '[data-action="approve"]');
    expect((await approved).status()).toBeLessThan(300);
    await page.goto(`/abroad/applications/${applicationId}`);
    await expect.poll(() => page.locator('[data-testid="current-step"]').innerText(), { timeout: 20_000 }).toBe('当前环节：外事审核');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'abroad-approved-step-375');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('desktop: 严青 sees the 证照台账 with 陶然 逾期未还 and records 归还', async () => {
    const { page, errors, context } = await open('yanqing', '/abroad/passports', DESKTOP);
    const row = page.locator('[data-testid="passports"] tr', { hasText: '陶然' }).first();
    await row.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="passport-cards"]').isVisible()).toBe(false);
    expect(await row.innerText()).toMatch(/逾期未还（持有人：陶然，应还 \d{4}-\d{2}-\d{2}）/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'abroad-passports-1440');
    await row.locator('a').first().click();
    await page.locator('[data-testid="passport"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="return"]').click();
    await expect.poll(() => page.locator('[data-testid="where"]').innerText(), { timeout: 20_000 }).toBe('保管中（保管人：严青）');
    expect(await page.locator('[data-testid="history"] li').last().innerText()).toMatch(/^归还.*严青.*逾期 \d+ 天归还$/);
    expect(await page.locator('[data-testid="return"]').count()).toBe(0);
    await screenshot(page, 'abroad-passport-returned-1440');
    expect(errors).toEqual([]);
    await context.close();
  });
});
