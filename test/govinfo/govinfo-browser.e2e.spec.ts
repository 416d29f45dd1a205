/**
 * 信息报送 in the browser (issue 17) on the demo district: at 1440 px the receiving office (李文静) adopts a
 * report at district level from its page and the month's 积分排名 shows the unit ahead; at 375 px a unit's
 * staff submits a report answering the 约稿, and the ranking table fits the phone (it scrolls inside its card).
 * Screenshots: test/artifacts/govinfo-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.skipIf(!run)('信息报送: review at 1440 px, submit and ranking at 375 px', () => {
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

  async function open(user: string, path: string, device: typeof DESKTOP | typeof PHONE) {
    const s = await newPage(chrome.browser, server.url, device);
    await login(s.page, user, undefined, device === PHONE);
    await s.page.waitForURL('**/home');
    await s.page.goto(path);
    return s;
  }

  it('1440 px: the office adopts 区人社局春季招聘 at district level; it shows 已采用 with its points', async () => {
    const { page, errors, context } = await open('liwenjing', '/govinfo/review', DESKTOP);
    const row = page.locator('[data-testid="gi-rows"] li', { hasText: '区人社局开展春季招聘月活动' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('待审核');
    await row.locator('a').click();
    await page.locator('[data-testid="gi-adopt-district"]').click();
    await expect.poll(() => page.locator('[data-testid="gi-status"]').innerText(), { timeout: 10_000 }).toBe('已采用');
    expect(await page.locator('article').innerText()).toContain('区级采用（3 分）');
    await page.goto('/govinfo/ranking');
    // the table shows 本期暂无报送 until the ranking has loaded
    await expect
      .poll(() => page.locator('[data-testid="gi-ranking"] tbody tr').first().innerText(), { timeout: 20_000 })
      .toContain('区财政局');
    await screenshot(page, 'govinfo-ranking-1440');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375 px: staff answers the 约稿; the report is in 本单位报送, the ranking fits the phone', async () => {
    const { page, errors, context } = await open('staff', '/govinfo', PHONE);
    await page.locator('button', { hasText: '写信息' }).tap();
    await page.locator('[data-testid="gi-title"]').fill('区财政局推行“一网通付”');
    await page.locator('[data-testid="gi-body"]').fill('非税收入缴费实现一网通付，群众办事更便捷。');
    const option = page.locator('select option', { hasText: '优化营商环境典型做法' });
    await option.waitFor({ state: 'attached', timeout: 20_000 });
    await page
      .locator('select')
      .first()
      .selectOption((await option.getAttribute('value'))!);
    await page.locator('[data-testid="gi-submit"]').tap();
    await page.waitForURL(/\/govinfo\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('[data-testid="gi-status"]').innerText(), { timeout: 10_000 }).toBe('待审核');
    expect(await page.locator('article').innerText()).toContain('报送至 区政府办公室');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto('/govinfo/ranking');
    await page.locator('[data-testid="gi-ranking"] tbody tr').first().waitFor({ timeout: 20_000 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'govinfo-ranking-375');
    expect(errors).toEqual([]);
    await context.close();
  });
});
