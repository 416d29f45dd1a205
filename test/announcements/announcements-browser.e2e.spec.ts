/**
 * 通知公告 in the browser (issue 17) at 1440 and 375 px, on the demo district: the workbench strip shows the
 * current notices of the person (pinned first), only theirs; opening one records the read receipt, which the
 * drafter sees in 阅读回执; the lists work on a phone without sideways scrolling.
 * Screenshots: test/artifacts/announcements-*.png.
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
const HOLIDAY = '关于2027年元旦放假安排的通知';
const TRAINING = '关于参加2027年部门预算编制业务培训的通知';
const DRILL = '关于开展办公楼消防疏散演练的公告';

describe.skipIf(!run)('通知公告: the workbench strip and the notice pages', () => {
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

  async function home(user: string, device: typeof DESKTOP | typeof PHONE) {
    const s = await newPage(chrome.browser, server.url, device);
    await login(s.page, user, undefined, device === PHONE);
    await s.page.waitForURL('**/home');
    await s.page.locator('[data-testid="strip-item"]').first().waitFor({ timeout: 20_000 });
    return s;
  }

  /** Every title the strip shows (it scrolls one at a time: read them from the API the strip uses, through the page's own session). */
  async function stripTitles(page: import('playwright-core').Page): Promise<string[]> {
    return page.evaluate(async () => {
      const token =
        (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('oa.accessToken') ?? '';
      const r = await fetch('/api/announcements/strip', { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return r.ok ? ((await r.json()) as { items: { title: string }[] }).items.map((i) => i.title) : [];
    });
  }

  it('1440 px: staff sees the pinned district notice first; opening it records the read receipt', async () => {
    const { page, errors, context } = await home('staff', DESKTOP);
    const first = page.locator('[data-testid="strip-item"]').first();
    expect(await first.innerText()).toContain(HOLIDAY);
    expect(await first.innerText()).toContain('置顶');
    await screenshot(page, 'announcements-strip-1440');
    await first.click();
    await page.waitForURL('**/announcements/*');
    await page.locator('[data-testid="ann-detail"] h1').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="ann-detail"] h1').innerText()).toBe(HOLIDAY);
    expect(await page.locator('[data-testid="ann-detail"]').innerText()).toContain('放假调休');
    // the list no longer shows it as unread
    await page.goto('/announcements');
    const row = page.locator('[data-testid="ann-rows"] li', { hasText: HOLIDAY });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).not.toContain('未读');
    expect(await page.locator('[data-testid="ann-rows"] li', { hasText: TRAINING }).innerText()).toContain('未读');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('1440 px: the drafter sees the read receipts, the unread first', async () => {
    const { page, errors, context } = await home('zhuli', DESKTOP);
    await page.goto('/announcements/manage');
    await page.locator('[data-testid="ann-rows"] li', { hasText: TRAINING }).locator('a').click();
    const receipts = page.locator('[data-testid="ann-receipts"]');
    await receipts.waitFor({ timeout: 20_000 });
    const text = await receipts.innerText();
    expect(text).toMatch(/已读 2 \/ \d+/);
    expect(text).toContain('许文博'); // staff has not opened the training notice: in the unread list
    expect(text).not.toContain('尤佳'); // read (demo)
    expect(await page.locator('[data-testid="ann-actions"]').innerText()).toContain('撤回');
    await screenshot(page, 'announcements-receipts-1440');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375 px: a 国库科 member sees the 财政局 notices in the strip, 区政府办公室 staff do not; no sideways scrolling', async () => {
    const gk = await home('lvpeng', PHONE);
    const titles = await stripTitles(gk.page);
    expect(titles).toEqual(expect.arrayContaining([HOLIDAY, TRAINING, DRILL]));
    expect(await gk.page.locator('[data-testid="announcement-strip"]').isVisible()).toBe(true);
    const box = (await gk.page.locator('[data-testid="announcement-strip"]').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await horizontalOverflow(gk.page)).toBeLessThanOrEqual(0);
    await screenshot(gk.page, 'announcements-strip-375');
    await gk.page.goto('/announcements');
    await gk.page.locator('[data-testid="ann-rows"] li').first().waitFor({ timeout: 20_000 });
    expect(await horizontalOverflow(gk.page)).toBeLessThanOrEqual(0);
    await screenshot(gk.page, 'announcements-list-375');
    expect(gk.errors).toEqual([]);
    await gk.context.close();

    const zh = await home('wuxiaoyan', PHONE);
    const other = await stripTitles(zh.page);
    expect(other).toContain(HOLIDAY);
    expect(other).not.toContain(TRAINING);
    expect(other).not.toContain(DRILL);
    await zh.context.close();
  });
});
