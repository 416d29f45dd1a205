/**
 * The portal in a real browser (Debian Chromium via playwright-core) against the real API server
 * serving the built web app: login, workbench, permissions by menu and by URL, session refresh,
 * and the phone layout with touch. Screenshots go to test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
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
} from './harness';

const run = browserAvailable();
if (!run) console.warn('⚠ /usr/bin/chromium is missing: browser tests SKIPPED (apt-get install chromium)');

describe.skipIf(!run)('portal in Chromium', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  const menuLabels = (page: Page) => page.locator('nav.menu .menu-item .label').allTextContents();

  it('staff logs in and sees the personal workbench with name, unit and counters', async () => {
    const { page, errors, context } = await newPage(chrome.browser, server.url);
    await login(page, 'staff');
    await page.waitForURL('**/home');
    await expect.poll(() => page.locator('[data-testid="who"]').innerText()).toMatch(/\S/);
    const who = await page.locator('[data-testid="who"]').innerText();
    await expect.poll(() => page.locator('h1').first().innerText()).toMatch(/好，\S+/);
    for (const box of ['todo', 'toread', 'done', 'mine'])
      await expect(page.locator(`[data-testid="count-${box}"]`).isVisible()).resolves.toBe(true);
    const text = await page.locator('main').innerText();
    for (const s of ['待办', '待阅', '已办', '我的流程', '起草', '今日日程', '消息中心', '通知公告']) expect(text).toContain(s);
    const menu = await menuLabels(page);
    expect(menu).toContain('首页');
    expect(menu).toContain('公文');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
    expect(who.length).toBeGreaterThan(0);
    // the global stylesheet is applied (cards are bordered white boxes), in the CJK font stack
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.card')).backgroundColor")).toBe('rgb(255, 255, 255)');
    expect(await page.evaluate<string>('getComputedStyle(document.body).fontFamily')).toContain('Noto Sans CJK SC');
    await screenshot(page, 'workbench-1440');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a wrong password shows the API detail and stays on the login page', async () => {
    const { page, context } = await newPage(chrome.browser, server.url);
    await login(page, 'finance', 'Wrong@2026');
    await expect
      .poll(() =>
        page
          .locator('[data-testid="login-error"]')
          .innerText()
          .catch(() => ''),
      )
      .toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
    await screenshot(page, 'login-error');
    await context.close();
  });

  it('the menu shows exactly the modules GET /api/modules allows each user, none of them 建设中; the rest is not reachable', async () => {
    const expected: Record<string, string[]> = {
      staff: ['首页', '公文', '考勤', '出国境', '费用', '资产', '督办', '通知公告', '信息报送', '通讯录', '会议', '日程'],
      director: ['首页', '公文', '考勤', '出国境', '费用', '资产', '督办', '通知公告', '信息报送', '通讯录', '会议', '日程', '领导驾驶舱'],
      sysadmin: ['首页', '通讯录', '系统管理'],
      auditor: ['首页', '通讯录', '安全审计'],
    };
    for (const [username, labels] of Object.entries(expected)) {
      const { page, context } = await newPage(chrome.browser, server.url);
      await login(page, username);
      await page.waitForURL('**/home');
      await expect.poll(() => menuLabels(page)).toEqual(labels);
      // the server's answer is the menu (the web adds nothing and drops nothing it has pages for)
      const api = await page.evaluate<
        string[]
      >(`fetch('/api/modules', { headers: { authorization: 'Bearer ' + localStorage.getItem('oa.accessToken') } })
        .then((r) => r.json()).then((b) => b.items.map((m) => m.label))`);
      expect(api).toEqual(labels);
      for (const path of await page.locator('nav.menu .menu-item').evaluateAll((as) => as.map((a) => a.getAttribute('data-module')))) {
        await page.locator(`nav.menu [data-module="${path}"]`).click();
        await page.waitForURL(`**/${path}**`);
        await page.waitForLoadState('networkidle').catch(() => undefined);
        expect(await page.locator('main').innerText()).not.toContain('建设中');
      }
      // a module with no pages (知识库) is not in the menu and has no route
      await page.goto('/knowledge');
      await page.locator('[data-testid="not-found"]').waitFor();
      await context.close();
    }
  });

  it('an expired access token is renewed with the refresh token without losing the page', async () => {
    const { page, context } = await newPage(chrome.browser, server.url);
    await login(page, 'staff');
    await page.waitForURL('**/home');
    await page.goto('/settings/opinions');
    // Listen first: a request the open page makes between the token swap and the reload (the SSE stream,
    // a counter refresh) may already trigger the renewal; either way it must happen and keep the page.
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200);
    await page.evaluate("localStorage.setItem('oa.accessToken', 'expired.or.forged')");
    await page.reload();
    await refreshed;
    await page.locator('h1', { hasText: '个人设置' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/opinions');
    expect(await page.evaluate<string | null>("localStorage.getItem('oa.accessToken')")).not.toBe('expired.or.forged');
    await screenshot(page, 'settings-1440');
    await context.close();
  });

  it('a reload while the renewal is on its way keeps the session: the server rotated, the page never saw the answer', async () => {
    const { page, context } = await newPage(chrome.browser, server.url);
    await login(page, 'staff');
    await page.waitForURL('**/home');
    await page.goto('/settings/opinions');
    await page.locator('h1', { hasText: '个人设置' }).waitFor();
    const before = await page.evaluate<string | null>("localStorage.getItem('oa.refreshToken')");
    // The first renewal reaches the server (which rotates the refresh token) but its answer is lost,
    // as when the user reloads or the network drops at that moment.
    let lost!: () => void;
    const rotatedOnServer = new Promise<void>((r) => (lost = r));
    await page.route(
      '**/api/auth/refresh',
      async (route) => {
        const answer = await route.fetch();
        expect(answer.status()).toBe(200);
        await route.abort('connectionreset');
        lost();
      },
      { times: 1 },
    );
    // The next renewal the server answers (the aborted one has no answer) presents the token the
    // server has just rotated: seconds later, that is the lost answer, not a theft, and must not end
    // the session. It comes from the page (a retry) or after the reload, whichever is first.
    const renewed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh'));
    await page.evaluate("localStorage.setItem('oa.accessToken', 'expired.or.forged')");
    await page.reload();
    await rotatedOnServer;
    await page.reload();
    expect((await renewed).status()).toBe(200);
    await page.locator('h1', { hasText: '个人设置' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/opinions');
    expect(await page.evaluate<string | null>("localStorage.getItem('oa.refreshToken')")).not.toBe(before);
    await context.close();
  });

  it('unknown pages show the 404 page inside the portal', async () => {
    const { page, context } = await newPage(chrome.browser, server.url);
    await login(page, 'staff');
    await page.waitForURL('**/home');
    await page.goto('/no/such/page');
    await page.locator('[data-testid="not-found"]').waitFor();
    expect(await page.locator('main').innerText()).toContain('页面不存在');
    await context.close();
  });

  it('at 375 × 812 with touch: login, workbench, hamburger menu, nothing overflows sideways', async () => {
    const { page, errors, context } = await newPage(chrome.browser, server.url, PHONE);
    await page.goto('/login');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'login-375');
    await login(page, 'staff', undefined, true);
    await page.waitForURL('**/home');
    await page.locator('[data-testid="count-todo"]').waitFor();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    expect(await page.locator('nav.menu').isVisible()).toBe(false); // off-canvas until the hamburger is tapped
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'workbench-375');
    await page.locator('button.burger').tap();
    await expect.poll(() => page.locator('nav.menu').isVisible()).toBe(true);
    await expect
      .poll(() =>
        page
          .locator('nav.menu')
          .boundingBox()
          .then((b) => b?.x ?? -1),
      )
      .toBe(0);
    await screenshot(page, 'menu-375');
    await page.locator('nav.menu [data-module="documents"]').tap();
    await page.waitForURL('**/documents**');
    expect(await page.locator('main').innerText()).not.toContain('建设中');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
