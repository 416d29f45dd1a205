/**
 * Issue 7's browser test: the real server (`api/main.ts`) seeded with the demo district AND its year
 * of simulated activity (DEMO_HISTORY=1, played through the command pipeline), the warehouse sink
 * caught up, then a leader opens 领导驾驶舱 in Debian's Chromium and sees non-empty charts — checked
 * on the ECharts instances themselves (the page marks each chart element with the number of data
 * points ECharts holds once it has rendered) — drills from a unit to its departments by clicking a
 * bar, comes back by the breadcrumb, downloads one chart as Excel; then the same at 375 px.
 * Screenshots: test/artifacts/dashboard-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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
} from './harness';

/** 赵国强, 区长: the leader role with the whole district as data scope (granted by the demo history). */
const LEADER = 'zhaoguoqiang';
/** Charts fed by the workflow facts: must show data. The 公文 charts may be empty until issue 6 lands. */
const PROCESS_CHARTS = ['processes', 'waits', 'overdue', 'returned', 'headcount'];

async function apiToken(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

/** Waits until the warehouse sink has drained the seeded year (health shows no lag) and facts answer. */
async function waitForWarehouse(url: string): Promise<number> {
  const token = await apiToken(url, LEADER);
  const deadline = Date.now() + 150_000;
  for (;;) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as { warehouse?: { lagEvents?: number } };
    const r = await fetch(`${url}/api/reports/process-throughput`, { headers: { authorization: `Bearer ${token}` } });
    const rows = r.status === 200 ? ((await r.json()) as { rows: unknown[] }).rows.length : 0;
    if (health.warehouse?.lagEvents === 0 && rows > 0) return rows;
    if (Date.now() > deadline) throw new Error(`warehouse not ready: lag ${health.warehouse?.lagEvents}, rows ${rows}`);
    await new Promise((ok) => setTimeout(ok, 1000));
  }
}

/** The points each chart's ECharts instance holds, by chart key (after it rendered). */
async function renderedPoints(page: Page): Promise<Record<string, number>> {
  // (a string: the repo's tsconfig has no DOM types; this runs in the page)
  return page.evaluate<Record<string, number>>(`(() => {
    const out = {};
    for (const el of document.querySelectorAll('[data-chart]')) {
      const n = el.getAttribute('data-rendered-points');
      if (n !== null) out[el.getAttribute('data-chart')] = Number(n);
    }
    return out;
  })()`);
}

async function waitForCharts(page: Page, keys: string[]): Promise<Record<string, number>> {
  await expect
    .poll(
      async () => {
        const p = await renderedPoints(page);
        return keys.every((k) => (p[k] ?? 0) > 0);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return renderedPoints(page);
}

/** Moves down a vertical line through the chart until ECharts shows the pointer cursor (over a bar), and clicks there. */
async function clickFirstBar(page: Page, chart: string, xFraction: number): Promise<void> {
  const el = page.locator(`[data-chart="${chart}"]`);
  await el.scrollIntoViewIfNeeded();
  const box = (await el.boundingBox())!;
  for (let y = box.y + 10; y < box.y + box.height - 10; y += 4) {
    const x = box.x + box.width * xFraction;
    await page.mouse.move(x, y);
    const cursor = await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-chart="${chart}"] div')).cursor`);
    if (cursor === 'pointer') {
      await page.mouse.click(x, y);
      return;
    }
  }
  throw new Error(`no bar found in chart ${chart}`);
}

describe.skipIf(!browserAvailable())('领导驾驶舱 in the browser', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer({ DEMO_HISTORY: '1' }), launchBrowser()]);
    await waitForWarehouse(server.url);
  }, 300_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('a leader sees the year in charts, drills from a unit to its departments and back, exports Excel (desktop)', async () => {
    const { page, context, errors } = await newPage(chrome.browser, server.url, DESKTOP);
    await login(page, LEADER);
    await page.waitForURL('**/home');
    await page.locator('[data-module="cockpit"]').click();
    await page.waitForURL('**/cockpit');
    const points = await waitForCharts(page, PROCESS_CHARTS);
    for (const k of PROCESS_CHARTS) expect(points[k], k).toBeGreaterThan(0);
    // The page's own count of points (from the report rows) agrees with what ECharts holds.
    for (const k of PROCESS_CHARTS)
      expect(Number(await page.locator(`[data-chart="${k}"]`).getAttribute('data-points')), k).toBe(points[k]);
    // A year by month: at least 12 periods of finished processes across the units.
    expect(points['processes']).toBeGreaterThanOrEqual(12);
    expect(await page.locator('[data-testid="kpis"] .kpi .v').first().innerText()).toMatch(/^[1-9]\d*$/);
    // The 公文 charts: data once the documents module plays its year, otherwise the Chinese empty state.
    for (const k of ['documents', 'kinds']) {
      const card = page.locator(`[data-chart-card="${k}"]`);
      if ((await card.locator('[data-chart]').count()) === 0)
        expect(await card.locator('[data-testid="chart-empty"]').innerText()).toContain('暂无公文数据');
    }
    await screenshot(page, 'dashboard-desktop');

    // Drill-down: click the top bar of the overdue ranking (the unit with most overdue tasks).
    await clickFirstBar(page, 'overdue', 0.45);
    await page.waitForURL(/[?&]unit=/);
    const unitId = new URL(page.url()).searchParams.get('unit')!;
    expect(unitId).toMatch(/^[a-z]+$/);
    await expect.poll(() => page.locator('[data-testid="crumb-unit"]').innerText()).toMatch(/局|办公室|政府/);
    expect(await page.locator('[data-chart-card="overdue"] h2 .t').innerText()).toContain('按部门');
    const drilled = await waitForCharts(page, ['processes', 'overdue', 'headcount']);
    expect(drilled['overdue']).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="unit-chips"]').count()).toBe(0);
    await screenshot(page, 'dashboard-desktop-drilled');

    // Excel of the drilled chart, downloaded with the auth header (fetched as a blob).
    const download = page.waitForEvent('download');
    await page.locator('[data-export="overdue-by-unit"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/超期任务排名.*\.xlsx$/);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // an .xlsx is a zip

    // Back to the overview by the breadcrumb.
    await page.locator('[data-testid="crumb-root"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('unit')).toBeNull();
    await waitForCharts(page, PROCESS_CHARTS);
    expect(await page.locator('[data-testid="unit-chips"] .chip').count()).toBeGreaterThan(1);

    // Narrower window: the charts follow (resize with the window).
    const before = (await page.locator('[data-chart="processes"] svg').first().boundingBox())!.width;
    await page.setViewportSize({ width: 820, height: 900 });
    await expect.poll(async () => (await page.locator('[data-chart="processes"] svg').first().boundingBox())!.width).toBeLessThan(before);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the demo year reaches each leader within their data scope: 局长 director sees only 区财政局, staff none', async () => {
    const rows = async (username: string) => {
      const r = await fetch(`${server.url}/api/reports/process-throughput`, {
        headers: { authorization: `Bearer ${await apiToken(server.url, username)}` },
      });
      return {
        status: r.status,
        rows: r.status === 200 ? ((await r.json()) as { rows: Array<{ unit: string; finished: number }> }).rows : [],
      };
    };
    const district = await rows(LEADER);
    expect(new Set(district.rows.map((r) => r.unit)).size).toBeGreaterThanOrEqual(4);
    const director = await rows('director');
    expect(director.rows.length).toBeGreaterThan(0);
    expect(new Set(director.rows.map((r) => r.unit))).toEqual(new Set(['czj']));
    const czj = (x: typeof district) => x.rows.filter((r) => r.unit === 'czj').reduce((s, r) => s + r.finished, 0);
    expect(czj(director)).toBe(czj(district));
    expect((await rows('staff')).status).toBe(403);
  });

  it('at 375 px the charts stack, fit the screen, and a unit chip drills down', async () => {
    const { page, context, errors } = await newPage(chrome.browser, server.url, PHONE);
    await login(page, LEADER, undefined, true);
    await page.waitForURL('**/home');
    await page.goto('/cockpit');
    await waitForCharts(page, PROCESS_CHARTS);
    const a = (await page.locator('[data-chart-card="waits"]').boundingBox())!;
    const b = (await page.locator('[data-chart-card="overdue"]').boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height); // one column
    expect(a.width).toBeLessThanOrEqual(375);
    expect((await page.locator('[data-chart="processes"] svg').first().boundingBox())!.width).toBeLessThanOrEqual(375);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-375');

    await page.locator('[data-testid="unit-chips"] .chip').first().tap();
    await page.waitForURL(/[?&]unit=/);
    await waitForCharts(page, ['processes']);
    expect(await page.locator('[data-testid="crumb-unit"]').innerText()).not.toBe('');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-375-drilled');
    expect(errors).toEqual([]);
    await context.close();
  });
});
