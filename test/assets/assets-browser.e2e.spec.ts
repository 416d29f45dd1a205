/**
 * 固定资产 in the browser. At 375 px (a phone): 朱丽 ticks assets of an open stock-take by typing an
 * 资产编号 and by entering what the label's QR code holds (the asset page URL, as a scan gives it);
 * progress and the book list follow; the 台账 is a list of cards, the asset page its timeline, no
 * sideways scrolling. At 1440 px: 杨帆's 台账 table, the stock-take closed after its 盘亏 is resolved,
 * and the 部门 × 分类 report. Screenshots: test/artifacts/assets-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
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

describe.skipIf(!run)('固定资产 at 375 px and 1440 px', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;
  let stockTakeId = '';
  const assets: { id: string; assetNo: string }[] = [];

  async function api(
    user: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const l = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await l.json()) as { accessToken: string };
    const r = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    for (const [name, spec] of [
      ['台式计算机', '联想 启天 M720'],
      ['激光打印机', '奔图 P3325DN'],
      ['文件柜', '五节钢制'],
    ]) {
      const r = await api('yangfan', 'POST', '/assets', {
        categoryCode: name === '文件柜' ? 'A05010000' : 'A02010104',
        name,
        specification: spec,
        quantity: 1,
        measureUnit: '台',
        originalValue: 560_000,
        acquisitionDate: '2026-03-15',
        fundingSource: '财政拨款',
        location: '财政局 402 室',
        departmentId: 'czj-ysk',
        custodianId: 'you-jia',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      assets.push({ id: r.body.id as string, assetNo: r.body.assetNo as string });
    }
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const p = await api('yangfan', 'POST', '/assets/stocktakes', {
      title: '预算科年度盘点',
      departmentId: 'czj-ysk',
      startDate: today,
      endDate: today,
      checkerIds: ['zhu-li'],
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    stockTakeId = p.body.id as string;
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  async function open(user: string, path: string, device: typeof DESKTOP | typeof PHONE) {
    const s = await newPage(chrome.browser, server.url, device);
    await login(s.page, user, DEMO_PASSWORD, device === PHONE);
    await s.page.waitForURL('**/home');
    await s.page.goto(path);
    return s;
  }

  it('375 px: 朱丽 ticks two assets by typing a code and by a scanned label URL; progress follows, nothing scrolls sideways', async () => {
    const { page, errors, context } = await open('zhuli', `/assets/stocktakes/${stockTakeId}`, PHONE);
    await page.locator('[data-testid="progress"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="progress"]').innerText()).toContain('0 / 3');
    const code = page.locator('[data-testid="code"]');
    await code.fill(assets[0]!.assetNo.toLowerCase());
    await page.locator('[data-testid="tick"]').tap();
    await expect.poll(() => page.locator('[data-testid="last"]').innerText(), { timeout: 10_000 }).toContain(assets[0]!.assetNo);
    await expect.poll(() => page.locator('[data-testid="progress"]').innerText(), { timeout: 10_000 }).toContain('1 / 3');
    // what a scan of the label gives: the asset page URL
    await code.fill(`${server.url}/assets/${assets[1]!.id}`);
    await code.press('Enter');
    await expect.poll(() => page.locator('[data-testid="progress"]').innerText(), { timeout: 10_000 }).toContain('2 / 3');
    expect(await page.locator('[data-counted="true"]').count()).toBe(2);
    // an unknown code is recorded as 盘盈 (not on the books)
    await code.fill('无标签显示器');
    await page.locator('[data-testid="tick"]').tap();
    await expect.poll(() => page.locator('[data-testid="last"]').innerText(), { timeout: 10_000 }).toContain('盘盈');
    expect(await page.locator('[data-testid="finish"]').count()).toBe(0); // only the 资产管理员 ends the counting
    const box = (await page.locator('[data-testid="tick"]').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'assets-stocktake-375');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375 px: the 台账 is a list of cards and the asset page shows its history', async () => {
    const { page, errors, context } = await open('yangfan', '/assets/list', PHONE);
    await page.locator('[data-testid="asset-cards"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="results"]').isVisible()).toBe(false);
    expect(await page.locator('.a-card').count()).toBe(3);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'assets-list-375');
    await page.goto(`/assets/${assets[0]!.id}`);
    await page.locator('[data-testid="timeline"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="asset-no"]').innerText()).toBe(assets[0]!.assetNo);
    expect(await page.locator('[data-testid="timeline"] li').first().innerText()).toContain('录入');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'assets-card-375');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('1440 px: the 台账 table; the stock-take ends with its differences resolved; the report totals the department', async () => {
    const { page, errors, context } = await open('yangfan', '/assets/list', DESKTOP);
    await page.locator('[data-testid="results"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="results"] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid="asset-cards"]').isVisible()).toBe(false);
    await screenshot(page, 'assets-list-1440');

    await page.goto(`/assets/stocktakes/${stockTakeId}`);
    await page.locator('[data-testid="finish"]').click();
    await page.locator('[data-testid="differences"]').waitFor({ timeout: 20_000 });
    const diffs = page.locator('[data-testid="differences"] li');
    expect(await diffs.count()).toBe(2);
    expect(await diffs.nth(0).innerText()).toContain('盘亏');
    expect(await diffs.nth(1).innerText()).toContain('盘盈');
    await diffs.nth(0).locator('button', { hasText: '已找到' }).click();
    await expect.poll(() => diffs.nth(0).innerText(), { timeout: 10_000 }).toContain('已处理');
    // a 盘盈 needs a card to register: the close button stays away until every difference is resolved
    expect(await page.locator('[data-testid="close"]').count()).toBe(0);
    // 盘盈登记入账: the surplus becomes a card of the unit (next 资产编号), then the plan can close
    await diffs.nth(1).locator('[data-testid="surplus-open"]').click();
    const form = page.locator('[data-testid="surplus-form"]');
    await form.locator('select[name="cat"] option').nth(1).waitFor({ state: 'attached', timeout: 10_000 });
    await form.locator('select[name="cat"]').selectOption({ index: 1 });
    await form.locator('input[name="name"]').fill('盘盈打印机');
    await form.locator('input[name="ov"]').fill('1200.50');
    await form.locator('input[name="loc"]').fill('302 室');
    await screenshot(page, 'assets-stocktake-surplus-1440');
    await form.locator('[data-testid="surplus-save"]').click();
    await expect.poll(() => diffs.nth(1).innerText(), { timeout: 10_000 }).toContain('已处理');
    expect(await page.locator('[data-testid="last"]').innerText()).toContain('登记入账');
    await page.locator('[data-testid="close"]').click();
    await expect.poll(() => page.locator('[data-testid="plan-title"] + .badge').innerText(), { timeout: 10_000 }).toBe('已结束');
    await screenshot(page, 'assets-stocktake-1440');

    await page.goto('/assets/reports');
    await page.locator('[data-testid="report"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="total-net"]').innerText()).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(await page.locator('[data-testid="report"] tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'assets-report-1440');
    expect(errors).toEqual([]);
    await context.close();
  });
});
