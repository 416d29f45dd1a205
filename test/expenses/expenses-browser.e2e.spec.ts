import ExcelJS from 'exceljs';
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

/**
 * 费用 in the browser (demo district, real server and Chromium): at 1440 px 许文博 files a travel claim
 * from his approved trip to 珠海 (the allowance computed beside the lines, the hotel's cap shown) and
 * submits it; at 375 px his 科长 秦涛 approves it on the phone; at 1440 px 张会计 pays it and exports the
 * ledger (the downloaded xlsx opened and checked); at 375 px the ledger is cards, nothing sideways.
 * Screenshots: test/artifacts/expenses-*.png.
 */
const run = browserAvailable();

describe.skipIf(!run)('费用: file a travel claim, approve on the phone, pay and export', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;
  let claimUrl = '';

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
    await login(s.page, user, DEMO_PASSWORD, device === PHONE);
    await s.page.waitForURL('**/home');
    await s.page.goto(path);
    return s;
  }

  it('1440 px: 许文博 files a travel claim from the trip; the allowance and the hotel cap appear as he types; he submits', async () => {
    const { page, errors, context } = await open('staff', '/expenses/new', DESKTOP);
    const trip = page.locator('[data-testid="trip"]');
    await trip.waitFor({ timeout: 20_000 });
    const option = page.locator('[data-testid="trip"] option', { hasText: '珠海' });
    await trip.selectOption({ value: (await option.getAttribute('value'))! });
    await expect.poll(() => page.locator('[data-testid="trip-info"]').innerText()).toContain('珠海');
    await page.locator('[data-testid="line-item"]').first().fill('住宿费');
    await page.locator('[data-testid="line-amount"]').first().fill('420');
    await page.locator('[data-testid="line-city"]').first().fill('珠海');
    await page.locator('[data-testid="line-nights"]').first().fill('1');
    // 2 days: 伙食补助费 2 × 100 元, 市内交通费 2 × 80 元; 珠海 其他人员 450 元 a night
    await expect.poll(() => page.locator('[data-testid="meals"]').innerText(), { timeout: 10_000 }).toBe('200.00');
    expect(await page.locator('[data-testid="transport"]').innerText()).toBe('160.00');
    await expect.poll(() => page.locator('[data-testid="line-cap"]').first().innerText()).toContain('标准 450.00 元');
    expect(await page.locator('[data-testid="line-cap"]').first().innerText()).not.toContain('超标准');
    await expect.poll(() => page.locator('[data-testid="total"]').innerText()).toBe('780.00');
    expect(await page.locator('[data-testid="budget"]').innerText()).toContain('预算可用');
    await page.locator('[data-testid="account"]').fill('6222020200112233445');
    await page.locator('[data-testid="save-submit"]').click();
    await page.waitForURL('**/expenses/claims/**');
    await expect.poll(() => page.locator('[data-testid="status"]').innerText(), { timeout: 10_000 }).toBe('审批中');
    claimUrl = new URL(page.url()).pathname;
    expect(await page.locator('[data-testid="allowance"]').innerText()).toContain('伙食补助费 200.00 元');
    expect(await page.locator('[data-testid="node"]').first().innerText()).toContain('办理中');
    expect(await page.locator('[data-testid="withdraw"]').isVisible()).toBe(true);
    expect(await page.locator('[data-testid="pay"]').count()).toBe(0);
    await screenshot(page, 'expenses-claim-1440');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375 px: 秦涛 approves on the phone', async () => {
    const { page, errors, context } = await open('qintao', claimUrl, PHONE);
    const approve = page.locator('[data-testid="approve"]');
    await approve.waitFor({ timeout: 20_000 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.locator('[data-testid="opinion"]').fill('同意报销');
    await approve.tap();
    await expect.poll(() => page.locator('[data-testid="status"]').innerText(), { timeout: 10_000 }).toBe('待支付');
    expect(await page.locator('[data-testid="log"]').innerText()).toContain('同意报销');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'expenses-approve-375');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('1440 px: 张会计 pays it once and exports the ledger; the Excel has the row', async () => {
    const { page, errors, context } = await open('finance', claimUrl, DESKTOP);
    await page.locator('[data-testid="voucher"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="voucher"]').fill('记-BR-001');
    await page.locator('[data-testid="pay"]').click();
    await expect.poll(() => page.locator('[data-testid="status"]').innerText(), { timeout: 10_000 }).toBe('已支付');
    expect(await page.locator('[data-testid="payment"]').innerText()).toContain('记-BR-001');
    expect(await page.locator('[data-testid="pay"]').count()).toBe(0);
    await page.goto('/expenses/ledger');
    await page.locator('[data-testid="ledger"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="scope"]').innerText()).toContain('本单位');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.locator('[data-testid="export"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('费用台账.xlsx');
    const chunks: Buffer[] = [];
    for await (const c of (await download.createReadStream()) as AsyncIterable<Buffer>) chunks.push(c);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as never);
    const ws = wb.getWorksheet('费用台账')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0].slice(0, 7)).toEqual(['填报日期', '单位', '部门', '报销人', '类别', '事由', '金额（元）']);
    const mine = rows.find((r) => r[3] === '许文博' && r[10] === '记-BR-001');
    expect(mine?.slice(4, 8)).toEqual(['差旅费', expect.stringContaining('培训'), 780, '已支付']);
    expect(rows[rows.length - 1][0]).toBe('合计');
    await screenshot(page, 'expenses-ledger-1440');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375 px: the ledger is cards, nothing scrolls sideways', async () => {
    const { page, errors, context } = await open('staff', '/expenses/ledger', PHONE);
    const card = page.locator('[data-testid="ledger-card"]').first();
    await card.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="ledger"]').isVisible()).toBe(false);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'expenses-ledger-375');
    expect(errors).toEqual([]);
    await context.close();
  });
});
