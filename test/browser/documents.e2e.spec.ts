/**
 * 公文 in a real browser (Debian Chromium via playwright-core) against the real API server:
 * 1. desktop: an outgoing document of 区财政局 from 拟稿 through 部门核稿 (with an edit shown as a
 *    diff), 办公室核稿, 领导签发 (handwritten), 登记编号, 套红 and 用印 (or the "未配置" state when the
 *    renderer/seal service is not bound), 分发 — and its 签收 in 区政府办公室 by that unit's registrar,
 *    with the sender seeing 已签收; then 综合查询 with the Excel export.
 * 2. phone (375 × 812, touch): the leader's 批示 with handwriting on an incoming document; the
 *    handling log shows the signature as SVG.
 * Screenshots go to test/artifacts/documents-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
  drawSignature,
} from './harness';

const run = browserAvailable();
if (!run) console.warn('⚠ /usr/bin/chromium is missing: 公文 browser tests SKIPPED (apt-get install chromium)');

const TITLE = '关于做好2026年部门预算编制工作的通知';
const BODY = '各预算单位：\n一、编制原则\n坚持量入为出。\n二、时间安排\n请于3月底前报送。';

const sign = drawSignature;

const text = (page: Page, sel: string) =>
  page
    .locator(sel)
    .first()
    .innerText()
    .catch(() => '');

/** expect.poll with room for a loaded machine (its default is 1 s). */
const until = <T>(f: () => Promise<T> | T) => expect.poll(f, { timeout: 20_000, interval: 200 });

/** The page's success note after an action; an error the page shows instead fails with its text. */
async function note(page: Page): Promise<string> {
  const err = await page
    .locator('[data-testid="action-error"]')
    .first()
    .innerText({ timeout: 100 })
    .catch(() => '');
  if (err) throw new Error(`页面报错：${err}`);
  return text(page, '[data-testid="action-note"]');
}

describe.skipIf(!run)('公文 in Chromium', () => {
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

  /** A fresh browser context logged in as `user`, on `path`. */
  async function as(b: Browser, user: string, path: string, device: typeof DESKTOP | typeof PHONE = DESKTOP) {
    const s = await newPage(b, server.url, device);
    await login(s.page, user, DEMO_PASSWORD, device === PHONE);
    await s.page.waitForURL('**/home');
    await s.page.goto(path);
    return s;
  }

  it('desktop: 拟稿 → 核稿 (diff) → 签发 (handwriting) → 编号 → 套红/用印 → 分发 → 签收 in another unit', async () => {
    const allErrors: string[] = [];

    // ── 拟稿 by the 预算科 staff member ──
    const staff = await as(chrome.browser, 'staff', '/documents/outgoing/new');
    allErrors.push(...staff.errors);
    const p = staff.page;
    await p.locator('[data-testid="draft-form"]').waitFor();
    // 密级 above the system's clearance cannot be chosen, and the page says why
    expect(await p.locator('#classification option[value="机密"]').isDisabled()).toBe(true);
    expect(await p.locator('#classification option[value="秘密"]').isDisabled()).toBe(false);
    expect(await text(p, '[data-testid="clearance-hint"]')).toContain('本系统最高处理“秘密”级公文');
    // the issuer defaults to the drafter's unit
    expect(await p.locator('[data-testid="issuer-0"]').inputValue()).toBe('区财政局');
    // saving without a title and 机关代字 shows the field messages
    await p.locator('[data-testid="save"]').click();
    expect(await text(p, '[data-testid="form-error"]')).toContain('请按提示修改');
    expect(await p.locator('.field.invalid').count()).toBeGreaterThanOrEqual(2);

    await p.locator('#kind').selectOption('通知');
    await p.locator('#urgency').selectOption('加急');
    await p.locator('#numberCode').fill('区财预');
    await p.locator('#title').fill(TITLE);
    await p.locator('#mainRecipients').fill('区属各预算单位');
    await p.locator('#copyTo').fill('区政府办公室、区审计局');
    await p.locator('#body').fill(BODY);
    await p.locator('#note').fill('联系人：许文博');
    await screenshot(p, 'documents-draft-1440');
    await p.locator('[data-testid="submit"]').click();
    await p.waitForURL(/\/documents\/outgoing\/[^/]+\?done=submitted/);
    const docPath = new URL(p.url()).pathname;
    await until(() => text(p, '[data-testid="doc-stage"]')).toBe('审核中');
    expect(await text(p, '[data-testid="elements"]')).toContain('区政府办公室、区审计局');
    await staff.context.close();

    // ── 部门核稿 by the 预算科 chief: edits the 正文 (a new version, shown as a diff) and approves with handwriting ──
    const chief = await as(chrome.browser, 'qintao', docPath);
    allErrors.push(...chief.errors);
    const c = chief.page;
    await c.locator('[data-action="approve"]').waitFor();
    // 附件: the reviewer holding the task uploads one (progress bar, then the list and the 附件说明)
    await c
      .locator('[data-testid="attachment-input"]')
      .setInputFiles({ name: '预算编制说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await until(() => text(c, '[data-testid="attachment-item"]')).toContain('预算编制说明');
    expect(await text(c, '[data-testid="elements"]')).toContain('附件：预算编制说明');
    await screenshot(c, 'documents-attachments-1440');
    await c.locator('[data-action="edit"]').click();
    await c.locator('#body').waitFor();
    await until(() => c.locator('#body').inputValue()).toContain('坚持量入为出。');
    await c.locator('#body').fill(BODY.replace('坚持量入为出。', '坚持量入为出、收支平衡。'));
    await c.locator('[data-testid="save"]').click();
    await c.waitForURL(/done=saved/);
    await c.locator('[data-testid="diff"]').waitFor();
    expect(await text(c, '[data-testid="diff"] .row.delete')).toContain('坚持量入为出。');
    expect(await text(c, '[data-testid="diff"] .row.insert')).toContain('坚持量入为出、收支平衡。');
    expect(await text(c, '[data-testid="diff-summary"]')).toMatch(/第 1 版.*→ 第 2 版（秦涛，部门核稿）/);
    await c.locator('#opinion').fill('同意，请办公室核稿');
    await sign(c, false);
    await c.locator('[data-action="approve"]').click();
    await until(() => note(c)).toContain('已同意');
    await screenshot(c, 'documents-review-diff-1440');
    await chief.context.close();

    // ── 办公室核稿 ──
    const office = await as(chrome.browser, 'yangfan', docPath);
    allErrors.push(...office.errors);
    await office.page.locator('[data-action="approve"]').waitFor();
    await office.page.locator('#opinion').fill('同意');
    await office.page.locator('[data-action="approve"]').click();
    await until(() => note(office.page)).toContain('已同意');

    // ── 领导签发 with handwriting ──
    const director = await as(chrome.browser, 'director', docPath);
    allErrors.push(...director.errors);
    const d = director.page;
    await d.locator('[data-action="approve"]').waitFor();
    expect(await d.locator('[data-action="approve"]').innerText()).toBe('签发');
    await d.locator('#opinion').fill('同意印发');
    await sign(d, false);
    await d.locator('[data-action="approve"]').click();
    await until(() => note(d)).toBe('已签发');
    expect(await text(d, '[data-testid="doc-stage"]')).toBe('已签发');
    // the approval log shows the handwritten signatures as SVG (部门核稿 and 签发)
    await until(() => d.locator('[data-testid="approval-log"] oa-signature-view svg path').count()).toBeGreaterThanOrEqual(2);
    expect(await d.locator('[data-testid="approval-log"] oa-signature-view svg path').last().getAttribute('d')).toMatch(/^M/);
    expect(await text(d, '[data-testid="elements"]')).toMatch(/成文日期\s*\d{4}-\d{2}-\d{2}/);
    await screenshot(d, 'documents-signed-1440');
    await director.context.close();

    // ── the office: 登记编号, 套红, 用印 (or their "未配置" state), 分发 ──
    const o = office.page;
    await o.reload();
    await o.locator('[data-action="number"]').click();
    await until(() => note(o)).toContain('已编号');
    await until(() => text(o, '[data-testid="doc-number"]')).toMatch(/^区财预〔\d{4}〕1号$/);
    const docNumber = await text(o, '[data-testid="doc-number"]');
    const rendererBound = await o.locator('[data-action="render"]').isEnabled();
    if (rendererBound) {
      await o.locator('[data-action="render"]').click();
      await expect.poll(() => note(o), { timeout: 60_000, interval: 300 }).toContain('已套红');
      expect(await text(o, '[data-testid="doc-stage"]')).toBe('已套红');
      await o.locator('[data-testid="pdf-section"]').waitFor();
      // the preview is the PDF itself (blob: URL fetched with the token), or says why it cannot be shown
      await expect
        .poll(
          async () => (await o.locator('[data-testid="pdf-preview"]').count()) + (await o.locator('[data-testid="pdf-note"]').count()),
          { timeout: 20_000 },
        )
        .toBe(1);
      if (await o.locator('[data-testid="pdf-preview"]').count())
        expect(await o.locator('[data-testid="pdf-preview"]').getAttribute('src')).toMatch(/^blob:/);
      if (await o.locator('[data-action="seal"]').isEnabled()) {
        await o.locator('[data-action="seal"]').click();
        await expect.poll(() => note(o), { timeout: 60_000, interval: 300 }).toContain('已用印');
        expect(await text(o, '[data-testid="doc-stage"]')).toBe('已用印');
        await expect.poll(() => text(o, '[data-testid="seal-result"]'), { timeout: 20_000 }).toBe('签章有效');
      } else {
        expect(await text(o, '[data-testid="seal-unavailable"]')).toContain('电子签章服务未配置');
      }
      await screenshot(o, 'documents-sealed-1440');
    } else {
      // not bound in this installation: the page says so and the flow continues
      expect(await text(o, '[data-testid="render-unavailable"]')).toContain('套红服务未配置');
      await screenshot(o, 'documents-render-unavailable-1440');
    }
    await o.locator('[data-testid="distribute-panel"] input[data-unit="qzfb"]').check();
    expect(await o.locator('[data-testid="distribute-panel"] input[data-unit="czj"]').count()).toBe(0); // never to itself
    await o.locator('[data-action="distribute"]').click();
    await until(() => note(o)).toContain('已分发');
    await until(() => text(o, '[data-testid="deliveries"]')).toContain('区政府办公室');
    expect(await text(o, '[data-testid="deliveries"]')).toContain('已发送');
    expect(await text(o, '[data-testid="doc-stage"]')).toBe('已分发');

    // ── 区政府办公室's registrar: 待签收 → 签收 ──
    const registrar = await as(chrome.browser, 'wangfang', '/documents/incoming/pending');
    allErrors.push(...registrar.errors);
    const r = registrar.page;
    await r.locator('[data-testid="pending-list"]').waitFor();
    const row = r.locator('[data-testid="pending-list"] li', { hasText: TITLE });
    expect(await row.innerText()).toContain(docNumber);
    expect(await row.innerText()).toContain('区财政局');
    await screenshot(r, 'documents-pending-1440');
    await row.locator('[data-action="signFor"]').click();
    await until(() => text(r, '[data-testid="action-note"]')).toContain('已签收');
    await r.locator('[data-testid="pending-empty"]').waitFor();
    // the incoming copy: 已签收, with the sender's number and the reviewed 正文
    await r.goto('/documents/incoming');
    await r.locator('[data-testid="results"]').waitFor();
    await r.locator('[data-testid="results"] a', { hasText: TITLE }).click();
    await until(() => text(r, '[data-testid="doc-stage"]')).toBe('已签收');
    expect(await text(r, '[data-testid="elements"]')).toContain(docNumber);
    expect(await r.locator('main').innerText()).toContain('收支平衡');
    await r.locator('[data-action="register"]').click();
    await until(() => note(r)).toContain('已登记');
    await until(() => text(r, '[data-testid="receipt-number"]')).toMatch(/^收文〔\d{4}〕1号$/);
    await registrar.context.close();

    // ── the sender sees 已签收 ──
    await o.reload();
    await until(() => text(o, '[data-testid="deliveries"]')).toContain('已签收');
    await screenshot(o, 'documents-outgoing-1440');

    // ── 综合查询 in the sender's office: by keyword in the 正文, Excel export ──
    await o.goto('/documents/search');
    await o.locator('[data-testid="filters"] input[name="q"]').fill('收支平衡');
    await o.locator('[data-testid="search"]').click();
    await until(() => text(o, '[data-testid="results"]')).toContain(TITLE);
    expect(await text(o, '[data-testid="results"]')).toContain(docNumber);
    const download = o.waitForEvent('download');
    await o.locator('[data-testid="export"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('综合查询.xlsx');
    await screenshot(o, 'documents-search-1440');
    await office.context.close();

    expect(allErrors).toEqual([]);
  }, 420_000);

  it('phone 375 × 812 with touch: the leader writes 批示 by hand; the log shows it as SVG', async () => {
    // Set up through the API as 区政府办公室's registrar: a paper 来文 registered (back-dated) and 拟办 to the leader.
    const tokenOf = async (username: string) => {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const token = await tokenOf('wangfang');
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as Record<string, string>;
    };
    const paper = await call('/documents/incoming/paper', {
      category: 'supervision',
      sourceOrgan: '市政府办公室',
      docNumber: '市府办〔2026〕12号',
      title: '关于开展安全生产大检查的通知',
      classification: '内部',
      urgency: '特急',
      receivedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      supervisionDeadline: '2099-12-31',
      body: '各区政府：\n请于本月底前完成辖区安全生产大检查。',
    });
    await call(`/documents/incoming/${paper.id}/propose`, { opinion: '拟请孙主任阅示，督查科牵头办理', leaderIds: ['sun-jianhua'] });

    const leader = await as(chrome.browser, 'sunjianhua', `/documents/incoming/${paper.id}`, PHONE);
    const p = leader.page;
    await p.locator('[data-testid="instruct-panel"]').waitFor();
    expect(await text(p, '[data-testid="doc-stage"]')).toBe('已拟办');
    expect(await p.locator('main').innerText()).toContain('督办公文');
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await p.locator('#instruction').fill('请督查科抓紧落实，月底前报结果。');
    await sign(p, true);
    await screenshot(p, 'documents-instruct-375');
    await p.locator('[data-action="instruct"]').tap();
    await until(() => note(p)).toBe('批示已提交');
    expect(await text(p, '[data-testid="doc-stage"]')).toBe('已批示');
    const entry = p.locator('[data-testid="instruction"]').first();
    expect(await entry.innerText()).toContain('孙建华');
    expect(await entry.innerText()).toContain('请督查科抓紧落实');
    // the handwriting is vector: an SVG path in the pad's coordinate box
    expect(await entry.locator('oa-signature-view svg').getAttribute('viewBox')).toBe('0 0 1000 400');
    expect(await entry.locator('oa-signature-view svg path').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+/);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await entry.scrollIntoViewIfNeeded();
    await screenshot(p, 'documents-instructed-375');
    expect(leader.errors).toEqual([]);
    await leader.context.close();
  }, 240_000);
});
