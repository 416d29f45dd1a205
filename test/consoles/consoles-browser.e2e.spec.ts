/**
 * Issue 19 in the browser (Debian Chromium): the auditor replays a 发文 of the demo year from 拟稿 to 归档
 * (slider, state, diff), verifies the log with the progress bar and downloads the SM2-signed report, whose
 * signature the test checks — at 1440 px, and the replay again at 375 px; the 安全管理员 resets a password
 * and the user is forced to change it before anything else; the 系统管理员 designs a flow with a condition
 * and a 会签, publishes it, and a member of staff starts it from the workbench at once.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSealPublicKey } from '../../commands/integrity/keystore';
import { checkSignedReport } from '../../reports/audit/signed-report';
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

async function api<T>(url: string, path: string, user: string, init: RequestInit = {}): Promise<T> {
  const t = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await t.json()) as { accessToken: string };
  const r = await fetch(`${url}/api${path}`, {
    ...init,
    headers: { ...(init.headers ?? {}), authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
  });
  return (await r.json()) as T;
}

describe.skipIf(!browserAvailable())('三员 consoles in the browser', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;
  let archivedTitle = '';

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    // a 发文 of 区财政局 from 拟稿 to 归档, through the API
    archivedTitle = '关于审计回放浏览器测试的通知';
    const draft = await api<{ id: string }>(server.url, '/documents/outgoing', 'staff', {
      method: 'POST',
      body: JSON.stringify({
        kind: '通知',
        title: archivedTitle,
        classification: '内部',
        urgency: '平件',
        numberCode: '区财预',
        mainRecipients: ['区政府办公室'],
        body: '各单位：\n请按时报送。',
      }),
    });
    const id = draft.id;
    const step = async (path: string, user: string, body: unknown = {}) => {
      const r = await api<{ status?: number; detail?: string }>(server.url, `/documents/outgoing/${id}/${path}`, user, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      if (r.status && r.status >= 400) throw new Error(`${path}: ${JSON.stringify(r)}`);
    };
    await step('submit', 'staff');
    for (const u of ['qintao', 'yangfan', 'director']) await step('approve', u, { opinion: '同意' });
    await step('number', 'yangfan');
    await step('render', 'yangfan');
    await step('seal', 'yangfan');
    await step('distribute', 'yangfan', { unitIds: ['qzfb'] });
    await step('archive', 'yangfan', { fondsCode: 'A001', retention: '10年', orgCode: 'CZJ' });
  }, 180_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  for (const [label, device] of [
    ['1440', DESKTOP],
    ['375', PHONE],
  ] as const) {
    it(`the auditor replays a 发文 from 拟稿 to 归档 with the slider and the diff (${label})`, async () => {
      const { page, errors, context } = await newPage(chrome.browser, server.url, device);
      await login(page, 'auditor');
      await page.waitForURL('**/home');
      await page.goto('/audit/replay');
      await page.getByLabel('检索审计对象').fill(archivedTitle);
      await page.locator('[data-testid="subject-search"] button[type=submit]').click();
      await page.locator('[data-testid="subject"]', { hasText: '发文' }).first().click();
      const slider = page.locator('[data-testid="slider"]');
      await slider.waitFor();
      // the end: 已归档
      await expect.poll(() => page.locator('[data-testid="state"] dd[data-field="stage"]').first().innerText()).toBe('已归档');
      // the beginning: 拟稿
      await slider.focus();
      await page.keyboard.press('Home');
      await expect.poll(() => page.locator('[data-testid="state"] dd[data-field="stage"]').first().innerText()).toBe('拟稿');
      await page.locator('[data-testid="mark-from"]').click();
      await slider.focus();
      await page.keyboard.press('End');
      await expect.poll(() => page.locator('[data-testid="state"] dd[data-field="stage"]').first().innerText()).toBe('已归档');
      const diff = page.locator('[data-testid="diff-row"]', { hasText: 'status' }).first();
      await expect.poll(() => diff.innerText()).toMatch(/draft[\s\S]*archived/);
      await page.locator('[data-testid="timeline-event"]').first().click();
      await expect.poll(() => page.locator('[data-testid="timeline"] .hash').first().innerText()).toMatch(/hash [0-9a-f]{64}/);
      if (device === PHONE) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
      await screenshot(page, `consoles-audit-replay-${label}`);

      if (device === DESKTOP) {
        await page.goto('/audit/verify');
        await page.locator('[data-testid="verify-run"]').click();
        await expect.poll(() => page.locator('[data-testid="verify-result"]').innerText(), { timeout: 60_000 }).toContain('校验通过');
        expect(await page.locator('[data-testid="verify-progress"]').getAttribute('aria-valuenow')).toBe('100');
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="verify-report"]').click()]);
        const bytes = readFileSync((await download.path())!);
        const check = checkSignedReport(bytes, readSealPublicKey(server.dataDir));
        expect(check).toMatchObject({ ok: true, payload: { ok: true, generatedBy: { userId: 'auditor' } } });
        await screenshot(page, 'consoles-audit-verify-1440');
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);
  }

  it('the 安全管理员 resets a password; the user must change it before anything else (1440)', async () => {
    const admin = await newPage(chrome.browser, server.url, DESKTOP);
    await login(admin.page, 'secadmin');
    await admin.page.waitForURL(/\/(home|settings)/);
    await admin.page.goto('/secadmin/accounts');
    await admin.page.getByLabel('姓名或用户名').fill('zhouming');
    await admin.page.locator('[data-testid="accounts-search"]').click();
    const row = admin.page.locator('li.acct[data-username="zhouming"]');
    await row.locator('[data-testid="reset-open"]').click();
    await row.locator('[data-testid="reset-password"]').fill('Temp#Pass2026');
    await row.locator('[data-testid="reset-submit"]').click();
    await expect.poll(() => admin.page.locator('[data-testid="accounts-notice"]').innerText()).toContain('下次登录须修改密码');
    await screenshot(admin.page, 'consoles-secadmin-accounts-1440');

    const user = await newPage(chrome.browser, server.url, DESKTOP);
    await login(user.page, 'zhouming', 'Temp#Pass2026');
    await user.page.waitForURL('**/settings/password');
    // the API refuses everything else meanwhile
    const COUNTS = `fetch('/api/inbox/counts', { headers: { authorization: 'Bearer ' + localStorage.getItem('oa.accessToken') } })`;
    const refused = await user.page.evaluate<[number, string]>(`${COUNTS}.then(async (r) => [r.status, (await r.json()).code])`);
    expect(refused).toEqual([403, 'auth.password_change_required']);
    await user.page.goto('/inbox');
    await user.page.waitForURL('**/settings/password');
    const pw = user.page.locator('input[type=password]');
    await pw.nth(0).fill('Temp#Pass2026');
    await pw.nth(1).fill('Zhou#Ming-2026');
    if ((await pw.count()) > 2) await pw.nth(2).fill('Zhou#Ming-2026');
    await user.page.locator('form button[type=submit]').click();
    await expect.poll(() => user.page.evaluate<number>(`${COUNTS}.then((r) => r.status)`)).toBe(200);
    expect(admin.errors).toEqual([]);
    expect(user.errors).toEqual([]);
    await admin.context.close();
    await user.context.close();
  }, 120_000);

  it('the 系统管理员 designs a flow with a condition and a 会签, publishes it; staff start it at once (1440)', async () => {
    const { page, errors, context } = await newPage(chrome.browser, server.url, DESKTOP);
    await login(page, 'sysadmin');
    await page.waitForURL(/\/(home|settings)/);
    await page.goto('/sysadmin/designer');
    await page.locator('[data-testid="designer-new"]').click();
    await page.locator('[data-testid="designer-key"]').fill('purchase-e2e');
    await page.locator('[data-testid="designer-name"]').fill('采购申请（测试）');
    // the form: 事由 (given) + 金额
    await page.locator('[data-testid="designer-add-field"]').click();
    const amount = page.locator('[data-testid="designer-field"]').nth(1);
    await amount.getByLabel('字段名').fill('amount');
    await amount.getByLabel('显示名称').fill('金额（元）');
    await amount.getByLabel('类型').selectOption('number');
    await amount.locator('input[type=checkbox]').check();
    // after the first 审批 (部门负责人): a condition; amount > 1000 → 会签 by two people
    await page.locator('.flow > .add [data-testid="add-condition"]').click();
    const branch = page.locator('[data-testid="designer-branch"]').first();
    await branch.locator('[data-testid="designer-condition"]').fill('amount > 1000');
    await branch.locator('[data-testid="add-countersign"]').click();
    const cs = branch.locator('[data-testid="designer-step"]').first();
    await cs.locator('[data-testid="designer-rule"]').selectOption('person');
    await cs.locator('[data-testid="designer-rule-users"]').fill('yang-fan,sun-jianhua');
    // first a mistake: a condition on a field that does not exist → the error is shown on the branch
    await branch.locator('[data-testid="designer-condition"]').fill('amout > 1000');
    await page.locator('[data-testid="designer-publish"]').click();
    await expect.poll(() => page.locator('[data-testid="designer-error"]').innerText()).toContain('错误');
    await expect.poll(() => page.locator('[data-testid="designer-branch"].bad').count()).toBeGreaterThan(0);
    await branch.locator('[data-testid="designer-condition"]').fill('amount > 1000');
    await page.locator('[data-testid="designer-publish"]').click();
    await expect.poll(() => page.locator('[data-testid="designer-notice"]').innerText()).toContain('第 1 版');
    await screenshot(page, 'consoles-designer-1440');
    expect(errors).toEqual([]);
    await context.close();

    // staff start it from the workbench at once; 5000 > 1000 takes the 会签 branch after the leader
    const staff = await newPage(chrome.browser, server.url, DESKTOP);
    await login(staff.page, 'staff');
    await staff.page.waitForURL('**/home');
    await staff.page.locator('[data-testid="draft-purchase-e2e"]').click();
    await staff.page.waitForURL('**/processes/new/purchase-e2e');
    await staff.page.locator('#f-reason').fill('购置办公用品');
    await staff.page.locator('#f-amount').fill('5000');
    await staff.page.locator('[data-testid="start-submit"]').click();
    await staff.page.waitForURL(/\/processes\/(?!new)[^/]+$/);
    const id = staff.page.url().split('/').pop()!;
    const view = await api<{ status: string }>(server.url, `/processes/${id}`, 'staff');
    expect(view.status).toBe('running');
    expect(staff.errors).toEqual([]);
    await staff.context.close();
  }, 180_000);
});
