/**
 * Issue 13 (9): 公文 lists on a phone (375 × 812, touch). 发文, 收文登记簿 and 综合查询 were tables that
 * scrolled sideways with only 文号 and half a title visible; on a phone each row is a card with its
 * title, number, state and date, and the page never scrolls sideways. At 1440 px the table stays.
 * Screenshots: test/artifacts/documents-list-*-375.png.
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
} from './harness';

const run = browserAvailable();
const LONG = '关于进一步做好2026年度区级部门预算编制和预算绩效目标管理有关工作的通知';
const PAPER = '关于报送2026年第一季度重点项目资金使用情况和下一阶段工作安排的函';

describe.skipIf(!run)('公文 lists at 375 px are cards, not sideways tables', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;
  let paperId = '';

  async function api(user: string, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const r = await fetch(`${server.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    for (const title of [LONG, '关于开展财政资金专项检查的通知']) {
      const d = await api('staff', '/documents/outgoing', {
        kind: '通知',
        title,
        classification: '内部',
        urgency: '加急',
        numberCode: '区财预',
        mainRecipients: ['区属各预算单位'],
        body: '各预算单位：\n请按时报送。',
      });
      expect(d.status, JSON.stringify(d.body)).toBe(201);
    }
    const p = await api('yangfan', '/documents/incoming/paper', {
      category: 'normal',
      sourceOrgan: '区发展和改革委员会',
      docNumber: '区发改函〔2026〕12号',
      title: PAPER,
      kind: '函',
      classification: '内部',
      receivedAt: new Date().toISOString(),
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    paperId = p.body.id as string;
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

  for (const [name, user, path, title, number] of [
    ['outgoing', 'staff', '/documents/outgoing', LONG, '（未编号）'],
    ['incoming', 'yangfan', '/documents/incoming', PAPER, '区发改函〔2026〕12号'],
    ['search', 'yangfan', '/documents/search', PAPER, '区发改函〔2026〕12号'],
  ] as const) {
    it(`${name}: cards with title, number, state and date; no horizontal overflow`, async () => {
      const { page, errors, context } = await open(user, path, PHONE);
      const card = page.locator('[data-testid="doc-card"]', { hasText: title }).first();
      await card.waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-testid="results"]').isVisible()).toBe(false);
      expect(await card.locator('[data-testid="card-title"]').innerText()).toBe(title);
      expect(await card.locator('[data-testid="card-number"]').innerText()).toContain(number);
      expect((await card.locator('[data-testid="card-state"]').innerText()).trim()).toMatch(/^[\u4e00-\u9fa5]+$/);
      expect(await card.locator('[data-testid="card-date"]').innerText()).toMatch(/^\d{4}-\d{2}-\d{2}/);
      for (const f of ['card-title', 'card-number', 'card-state', 'card-date']) {
        expect(await card.locator(`[data-testid="${f}"]`).isVisible(), f).toBe(true);
        const b = (await card.locator(`[data-testid="${f}"]`).boundingBox())!;
        expect(b.x, f).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width, f).toBeLessThanOrEqual(375);
      }
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `documents-list-${name}-375`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('传阅 at 375 px: the shared person picker finds a colleague by pinyin initials and adds them as a reader', async () => {
    const { page, errors, context } = await open('yangfan', `/documents/incoming/${paperId}`, PHONE);
    const search = page.locator('#reader-pick');
    await search.waitFor({ timeout: 20_000 });
    await search.fill('qt');
    await page.locator('[data-testid="picker-option"]', { hasText: '秦涛' }).first().tap();
    await expect.poll(() => page.locator('[data-action="circulate"]').innerText(), { timeout: 10_000 }).toContain('（1）');
    expect(await page.locator('[data-reader="qin-tao"]').isChecked()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'documents-circulate-picker-375');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('desktop (1440 px) keeps the table; 批量打印本页 downloads one PDF of the page (issue 13, 11)', async () => {
    const { page, context } = await open('yangfan', '/documents/search', DESKTOP);
    await page.locator('[data-testid="results"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="result-cards"]').isVisible()).toBe(false);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 20_000 }),
      page.locator('[data-testid="print-batch"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^公文办理单-综合查询-第1页\.pdf$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });
});
