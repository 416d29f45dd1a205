/**
 * 考勤 in the browser (Debian Chromium): 陶然 applies for 2 days of 年休假 on the phone (375 px) — the form
 * shows the days counted by the server and the balance — the approvers approve, and 我的考勤 shows the
 * balance going down with its history; at 1440 px 严青 (人事管理员) finds the application in 考勤监控 and
 * downloads the Excel, which opens with the row in it; the monitoring view on the phone shows cards
 * without sideways scrolling. Screenshots: test/artifacts/attendance-*.png.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
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

describe.skipIf(!run)('考勤 at 375 and 1440 px: apply on the phone, approve, the balance changes; monitoring and Excel', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;
  let entitled = 0;

  async function token(user: string): Promise<string> {
    const r = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
    });
    return ((await r.json()) as { accessToken: string }).accessToken;
  }
  async function api(user: string, method: 'GET' | 'POST', path: string, body?: unknown) {
    const r = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(user)}` },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }
  async function approveAll(user: string) {
    const box = await api(user, 'GET', '/inbox?box=todo&pageSize=100');
    for (const i of box.body.items as { taskId: string; kindName: string }[]) {
      if (i.kindName !== '请休假') continue;
      const r = await api(user, 'POST', `/tasks/${i.taskId}/approve`, { opinion: '同意' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer({ DEMO_HISTORY: '0' }), launchBrowser()]);
    const b = await api('taoran', 'GET', '/attendance/my/balance?year=2026');
    entitled = (b.body.rows as { leaveType: string; available: number }[]).find((r) => r.leaveType === '年休假')!.available;
    expect(entitled).toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('375 px: apply for leave on the phone, approve, see the balance change', async () => {
    const { page, errors, context } = await newPage(chrome.browser, server.url, PHONE);
    await login(page, 'taoran', DEMO_PASSWORD, true);
    await page.waitForURL('**/home');
    await page.goto('/attendance/apply');
    await page.locator('#leaveType').selectOption('年休假');
    await page.locator('#startDate').fill('2026-12-14');
    await page.locator('#endDate').fill('2026-12-11');
    // the same rule as the server, shown beside the field
    await expect.poll(() => page.locator('[data-testid="end-error"]').innerText()).toContain('结束日期不能早于开始日期');
    await page.locator('#endDate').fill('2026-12-15');
    await expect.poll(() => page.locator('[data-testid="leave-preview"]').innerText(), { timeout: 10_000 }).toContain('共 2 天');
    expect(await page.locator('[data-testid="leave-preview"]').innerText()).toContain(`可用 ${entitled} 天`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'attendance-apply-375');
    await page.locator('[data-testid="apply-submit"]').tap();
    await page.waitForURL('**/attendance/mine');
    await expect.poll(() => page.locator('[data-testid="att-note"]').innerText()).toContain('年休假 2 天');
    const tile = page.locator('.tile[data-type="年休假"] [data-testid="available"]');
    await expect.poll(() => tile.innerText()).toContain(String(entitled - 2));
    await expect.poll(() => page.locator('[data-testid="my-applications"] [data-testid="status"]').first().innerText()).toBe('审批中');

    for (const u of ['weijian', 'huazhen', 'yanqing']) await approveAll(u);
    await page.reload();
    await expect
      .poll(() => page.locator('[data-testid="my-applications"] [data-testid="status"]').first().innerText(), { timeout: 10_000 })
      .toBe('已批准');
    await expect.poll(() => tile.innerText()).toContain(String(entitled - 2));
    await page.locator('[data-testid="balance-history"] summary').tap();
    const history = await page.locator('[data-testid="balance-history"]').innerText();
    expect(history).toContain('审批通过');
    expect(history).toContain('申请占用');
    // 销假 is offered now (allowedActions): report back after the first day
    await page.locator('[data-testid="my-applications"] li button.row').first().tap();
    await page.locator('[data-action="reportBack"]').waitFor();
    await page.locator('[aria-label="实际结束日期"]').fill('2026-12-14');
    await page.locator('[data-action="reportBack"]').tap();
    await expect.poll(() => page.locator('[data-testid="att-note"]').innerText()).toContain('已销假');
    await expect.poll(() => tile.innerText()).toContain(String(entitled - 1));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'attendance-mine-375');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('1440 px: the attendance admin finds it in 考勤监控 and downloads the Excel', async () => {
    const { page, errors, context } = await newPage(chrome.browser, server.url, DESKTOP);
    await login(page, 'yanqing');
    await page.waitForURL('**/home');
    await page.locator('nav a', { hasText: '考勤' }).first().click();
    await page.waitForURL('**/attendance/**');
    await page.goto('/attendance/monitor');
    const row = page.locator('[data-testid="monitor-table"] tbody tr', { hasText: '陶然' }).first();
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain('年休假 2 天');
    expect(await row.locator('[data-testid="status"]').innerText()).toBe('已批准');
    await page.locator('select[aria-label="状态"]').selectOption('pending');
    await expect.poll(() => page.locator('[data-testid="monitor-total"]').innerText()).toContain('共 0 条');
    await page.locator('select[aria-label="状态"]').selectOption('approved');
    await expect.poll(() => page.locator('[data-testid="monitor-total"]').innerText()).toContain('共 1 条');
    await screenshot(page, 'attendance-monitor-1440');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="monitor-export"]').click()]);
    expect(download.suggestedFilename()).toBe('考勤申请.xlsx');
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考勤申请')!;
    expect(ws.getRow(1).getCell(2).value).toBe('姓名');
    expect(ws.getRow(2).getCell(2).value).toBe('陶然');
    expect(ws.getRow(2).getCell(3).value).toBe('请休假');
    expect(ws.getRow(2).getCell(4).value).toBe('年休假');
    expect(ws.getRow(2).getCell(11).value).toBe('已批准');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('1440 px: the attendance admin closes a month and downloads the 考勤月报 Excel', async () => {
    const { page, errors, context } = await newPage(chrome.browser, server.url, DESKTOP);
    await login(page, 'yanqing');
    await page.waitForURL('**/home');
    await page.goto('/attendance/statement');
    await page.locator('input[aria-label="月份"]').fill('2026-11');
    await page.locator('[data-testid="statement-table"] tbody tr', { hasText: '陶然' }).first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="close-month"]').click();
    await expect.poll(() => page.locator('[data-testid="statement-note"]').innerText()).toContain('2026-11 已月结');
    await expect.poll(() => page.locator('[data-testid="close-month"]').count()).toBe(0); // frozen: no second 月结
    await screenshot(page, 'attendance-statement-1440');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="statement-export"]').click()]);
    expect(download.suggestedFilename()).toMatch(/2026-11考勤月报\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考勤月报')!;
    expect(ws.getCell(1, 1).value).toBe('区人力资源和社会保障局 2026年11月 考勤月报');
    expect(ws.getCell(2, 4).value).toBe('日期');
    const names: unknown[] = [];
    ws.eachRow((r, n) => n > 4 && names.push(r.getCell(2).value));
    expect(names).toContain('陶然');
    expect(String(ws.getCell(ws.rowCount, 1).value)).toMatch(/^图例：.*已于 \d{4}-\d{2}-\d{2} 月结/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375 px: the monitoring view shows cards, no sideways scrolling', async () => {
    const { page, errors, context } = await newPage(chrome.browser, server.url, PHONE);
    await login(page, 'yanqing', DEMO_PASSWORD, true);
    await page.waitForURL('**/home');
    await page.goto('/attendance/monitor');
    const card = page.locator('[data-testid="monitor-cards"] li', { hasText: '陶然' }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="monitor-table"]').isVisible()).toBe(false);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'attendance-monitor-375');
    expect(errors).toEqual([]);
    await context.close();
  });
});
