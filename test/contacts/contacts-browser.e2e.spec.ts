/**
 * 通讯录 in the browser (issue 17): on a phone (375 px) a colleague is found by pinyin initials (xwb → 许文博)
 * and opened as a card; the mobile shows only within the security admin's scope (本单位 in the demo); at
 * 1440 px the org tree narrows the list to a department. No sideways scrolling.
 * Screenshots: test/artifacts/contacts-*.png.
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

describe.skipIf(!run)('通讯录: pinyin search on the phone, mobile scope, the org tree', () => {
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

  async function open(user: string, device: typeof DESKTOP | typeof PHONE) {
    const s = await newPage(chrome.browser, server.url, device);
    await login(s.page, user, undefined, device === PHONE);
    await s.page.waitForURL('**/home');
    await s.page.goto('/contacts');
    await s.page.locator('[data-testid="contact-results"] li').first().waitFor({ timeout: 20_000 });
    return s;
  }

  /** Types into the search box and waits for the debounced answer: exactly 许文博. */
  async function search(page: import('playwright-core').Page, q: string) {
    await page.locator('[data-testid="contact-search"]').fill(q);
    await expect
      .poll(async () => (await page.locator('[data-testid="contact-results"] li strong').allInnerTexts()).join('|'), { timeout: 10_000 })
      .toBe('许文博');
  }

  for (const [user, visible] of [
    ['youjia', true],
    ['wuxiaoyan', false],
  ] as const) {
    it(`375 px: ${user} finds 许文博 by “xwb”; the mobile is ${visible ? 'shown (same unit)' : 'hidden (another unit)'}`, async () => {
      const { page, errors, context } = await open(user, PHONE);
      await search(page, 'xwb');
      const rows = page.locator('[data-testid="contact-results"] li');
      expect(await rows.count()).toBe(1);
      await rows.first().locator('button.person').tap();
      const card = page.locator('[data-testid="contact-card"]');
      await card.waitFor();
      if (visible) expect(await card.locator('[data-testid="contact-mobile"]').getAttribute('href')).toMatch(/^tel:1\d{10}$/);
      else expect(await card.locator('[data-testid="contact-mobile-hidden"]').innerText()).toBe('无权查看');
      expect(await card.innerText()).toContain('staff@district.gov.cn');
      const b = (await card.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(375);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `contacts-search-375-${user}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('1440 px: the org tree narrows the list to 区财政局 预算科', async () => {
    const { page, errors, context } = await open('director', DESKTOP);
    await page.locator('aside.tree button', { hasText: '区财政局' }).click();
    await page.locator('aside.tree button', { hasText: '预算科' }).click();
    await expect
      .poll(async () => (await page.locator('[data-testid="contact-results"] li strong').allInnerTexts()).sort().join(','), {
        timeout: 10_000,
      })
      .toBe(['尤佳', '许文博', '秦涛'].sort().join(','));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'contacts-tree-1440');
    expect(errors).toEqual([]);
    await context.close();
  });
});
