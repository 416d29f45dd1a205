/**
 * 督办 in the browser (issue 17) at 1440 px and 375 px, on the demo district's 督办事项 (seed.demo):
 *   1440: 卫东 opens the 督办看板 — red (overdue) items first, then yellow, with their lights; the chips
 *         count them; filtering by 红灯 keeps only the overdue; the item page shows the shared timeline.
 *   375:  杨帆 (区财政局) on a phone opens the board, the item waiting for his 签收 and taps 签收: the
 *         receipt turns 已签收 for both sides; nothing scrolls sideways.
 * Screenshots: test/artifacts/supervision-*.png.
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

describe.skipIf(!run)('督办看板 with lights at 1440 and 375 px', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer({ DEMO_HISTORY: '0' }), launchBrowser()]);
  }, 300_000);
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

  it('1440: overdue first with red lights, then yellow; the 红灯 chip filters; the item shows its timeline', async () => {
    const { page, errors, context } = await open('weidong', '/supervision', DESKTOP);
    const rows = page.locator('[data-testid="board-list"] li');
    await rows.first().waitFor({ timeout: 30_000 });
    const lights = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-light')));
    const firstYellow = lights.indexOf('yellow');
    const lastRed = lights.lastIndexOf('red');
    expect(lastRed).toBeGreaterThanOrEqual(0);
    expect(firstYellow).toBeGreaterThan(lastRed);
    // the dot is really red
    const color = await page.evaluate<string>(
      "getComputedStyle(document.querySelector('[data-testid=board-list] li .dot')).backgroundColor",
    );
    expect(color).toBe('rgb(217, 45, 32)');
    expect(await page.locator('[data-testid="chip-red"]').innerText()).toContain(String(lights.filter((l) => l === 'red').length));
    await page.locator('[data-testid="chip-red"]').click();
    await expect
      .poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-light')))).every((l) => l === 'red'))
      .toBe(true);
    expect(await page.locator('[data-testid="by-unit"]').isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'supervision-board-1440');
    await rows.filter({ hasText: '老旧小区改造资金拨付' }).locator('a.t').click();
    await page.locator('[data-testid="timeline"]').waitFor({ timeout: 20_000 });
    const timeline = await page.locator('[data-testid="timeline"]').innerText();
    expect(timeline).toContain('自动催办');
    expect(timeline).toContain('通报');
    expect(await page.locator('[data-testid="light"]').innerText()).toBe('已超期');
    expect(await page.locator('[data-action="urge"]').count()).toBe(1);
    await screenshot(page, 'supervision-item-1440');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375: the unit signs for its part on the phone, reports with an attachment; the lights show and nothing scrolls sideways', async () => {
    const { page, errors, context } = await open('yangfan', '/supervision', PHONE);
    const rows = page.locator('[data-testid="board-list"] li');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.first().getAttribute('data-light')).toBe('red');
    const dot = (await rows.first().locator('.dot').boundingBox())!;
    expect(dot.x).toBeGreaterThanOrEqual(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'supervision-board-375');
    await rows.filter({ hasText: '优化营商环境政策兑现督查' }).locator('a.t').tap();
    const sign = page.locator('[data-action="signFor"]');
    await sign.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-unit="czj"]').getAttribute('data-receipt')).toBe('pending');
    await sign.tap();
    await expect.poll(() => page.locator('[data-unit="czj"]').getAttribute('data-receipt'), { timeout: 15_000 }).toBe('signed');
    expect(await page.locator('[data-action="signFor"]').count()).toBe(0);
    expect(await page.locator('[data-testid="note"]').innerText()).toBe('已签收');
    // 转办 to a person: the shared person picker appears
    await page.locator('select[aria-label="转办方式"]').selectOption('person');
    await page.locator('oa-person-picker').waitFor({ timeout: 10_000 });
    // 阶段反馈 with an attachment on the phone: uploaded, listed, sent with the report, downloadable from it
    await page.locator('[data-testid="report-file"]').setInputFiles({
      name: '进度表.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await page.locator('[data-testid="report-attachments"] li').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="report-attachments"]').innerText()).toContain('进度表.pdf');
    await page.locator('textarea[aria-label="反馈内容"]').fill('已完成政策梳理，附进度表。');
    await page.locator('[data-action="report"]').tap();
    await page.locator('[data-testid="reports"], .err, [role="alert"]').first().waitFor({ timeout: 15_000 });
    expect(
      await page.locator('[data-testid="reports"]').count(),
      await page.locator('.err, [role="alert"]').allInnerTexts().then(String),
    ).toBe(1);
    expect(await page.locator('[data-testid="reports"]').innerText()).toContain('进度表.pdf');
    expect(await page.locator('[data-testid="report-attachments"]').count()).toBe(0);
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="reports"] a', { hasText: '进度表.pdf' }).tap();
    expect((await download).suggestedFilename()).toBe('进度表.pdf');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'supervision-item-375');
    expect(errors).toEqual([]);
    await context.close();
  });
});
