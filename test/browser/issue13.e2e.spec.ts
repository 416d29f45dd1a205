/**
 * Issue 13 in the browser (Chromium, 1440 px and 375 px with touch): what a new user hits in the
 * workbench and on the process pages.
 *
 *  1. a request returned to the applicant (or withdrawn) offers 重新提交 with the form editable, and 作废;
 *  3. no Latin status or action word on any page of the walk (one Chinese mapping);
 *  4. 外出授权: the delegate is picked, the dates are whole days, a revoked one has no 撤销;
 *  5. 起草 offers only flows started there (no 发文审批); a 三员 account gets no 待办 / 起草;
 *  6. people are picked (name / pinyin initials / recent), never typed as ids — 转交 on the phone;
 *  7. the diagram keeps what was approved before a 退回;
 * 10. money in 元 on screen, after 同意 the page offers the next 待办 or the list, preset 常用意见,
 *     办结 names who ended it.
 */
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers read field by field in the assertions
type Json = any;

/** Status / action codes the API sends; none may reach the screen as such. */
const CODES =
  /\b(open|running|active|completed|cancelled|canceled|returned|rejected|terminated|suspended|planned|expired|revoked|pending|current|done|redo|submit|approve|reject|return|withdraw|forward|addSigner|add-signer|resubmit|cancel|read|urge|reassign|terminate|complete)\b/;

async function api(url: string, username: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<Json> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const r = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = await r.json().catch(() => null);
  if (r.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

async function todoTask(url: string, username: string, processId: string): Promise<string> {
  const r = await api(url, username, '/api/inbox?box=todo&pageSize=100');
  const row = (r.items as { processId: string; taskId: string }[]).find((i) => i.processId === processId);
  if (!row) throw new Error(`${username} has no 待办 on ${processId}`);
  return row.taskId;
}

/** The visible text of the page's main area: no raw code may appear in it. */
async function latinCodes(page: Page): Promise<string[]> {
  const text = await page.locator('main').innerText();
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => CODES.test(l));
}

describe.skipIf(!browserAvailable())('issue 13: workbench and process pages for a new user', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer({ DEMO_HISTORY: '0' }), launchBrowser()]);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('1440: start 通用审批 in 元, 同意, 退回, correct and 重新提交; the diagram and every page speak Chinese', async () => {
    const staff = await newPage(chrome.browser, server.url, DESKTOP);
    staff.page.on('dialog', (d) => void d.accept());
    await login(staff.page, 'staff');
    await staff.page.waitForURL('**/home');

    // 5. 起草 lists the flows started there, not 发文审批
    await staff.page.locator('[data-testid="draft-simple-approval"]').waitFor();
    const drafts = await staff.page.locator('[data-testid^="draft-"]').allInnerTexts();
    expect(drafts).toContain('通用审批');
    expect(drafts).not.toContain('发文审批');
    expect(await staff.page.locator('[data-testid="draft-outgoing-document"]').count()).toBe(0);

    // 10. the amount is asked in 元 (label and placeholder agree) and stored in 分
    await staff.page.locator('[data-testid="draft-simple-approval"]').click();
    await staff.page.locator('#f-amount').waitFor();
    expect(await staff.page.locator('label[for="f-amount"]').innerText()).toBe('金额（元）');
    expect(await staff.page.locator('#f-amount').getAttribute('placeholder')).toContain('元');
    await staff.page.locator('#f-subject').fill('采购打印纸');
    await staff.page.locator('#f-amount').fill('1280.50');
    await staff.page.locator('[data-testid="start-submit"]').click();
    await staff.page.waitForURL(/\/processes\/(?!new)[^/?]+$/);
    const id = new URL(staff.page.url()).pathname.split('/').pop()!;
    expect((await api(server.url, 'staff', `/api/processes/${id}`)).form.amount).toBe(128050);
    await expect.poll(() => staff.page.locator('#f-amount').innerText()).toBe('1280.50 元');

    // 10. the leader, new to the system, finds the usual 常用意见; after 同意 the page offers what is next
    const leader = await newPage(chrome.browser, server.url, DESKTOP);
    await login(leader.page, 'qintao');
    await leader.page.waitForURL('**/home');
    await leader.page.goto(`/processes/${id}`);
    await leader.page.locator('[data-testid="action-panel"]').waitFor();
    const presets = await leader.page.locator('[data-testid="opinion-picker"] option').allInnerTexts();
    expect(presets).toEqual(expect.arrayContaining(['同意', '已阅', '请办公室阅处']));
    await leader.page.locator('[data-testid="opinion-picker"]').selectOption({ label: '同意' });
    await leader.page.locator('[data-action="approve"]').click();
    const next = leader.page.locator('[data-testid="next-step"]');
    await next.waitFor();
    expect(await next.innerText()).toContain('已同意');
    expect(await leader.page.locator('[data-testid="back-to-list"]').getAttribute('href')).toContain('/inbox');
    await screenshot(leader.page, 'issue13-1440-after-approve');

    // 沈振华 returns it to the drafter
    const t = await todoTask(server.url, 'director', id);
    await api(server.url, 'director', `/api/tasks/${t}/return`, { method: 'POST', body: { toNodeId: 'drafter', opinion: '请补充用途' } });

    // 1 + 7. the applicant corrects and resubmits; the diagram keeps 秦涛's approval
    await staff.page.goto(`/processes/${id}`);
    await staff.page.locator('[data-action="resubmit"]').waitFor();
    expect(await staff.page.locator('[data-action]').allInnerTexts()).toEqual(['重新提交', '作废']);
    expect(await staff.page.locator('[data-testid="status"]').innerText()).toContain('已退回');
    const states = await staff.page
      .locator('oa-process-diagram [data-state]')
      .evaluateAll((ns) => ns.map((n) => n.getAttribute('data-state')));
    expect(states).toEqual(['current', 'done', 'returned', 'pending']);
    expect(await staff.page.locator('oa-process-diagram [data-state="done"]').innerText()).not.toContain('未开始');
    await screenshot(staff.page, 'issue13-1440-returned');
    await staff.page.locator('#f-subject').fill('采购打印纸（年终材料用）');
    await staff.page.locator('#f-amount').fill('999.00');
    await staff.page.locator('[data-action="resubmit"]').click();
    await staff.page.locator('[data-testid="next-step"]').waitFor();
    await expect.poll(() => staff.page.locator('[data-testid="status"]').innerText()).toContain('办理中');
    const after = await api(server.url, 'staff', `/api/processes/${id}`);
    expect(after.form).toMatchObject({ subject: '采购打印纸（年终材料用）', amount: 99900 });

    // 沈振华 approves: 办结 in the 办文日志 names him
    await api(server.url, 'director', `/api/tasks/${await todoTask(server.url, 'director', id)}/approve`, {
      method: 'POST',
      body: { opinion: '同意' },
    });
    await staff.page.reload();
    const end = staff.page.locator('[data-testid="approval-log"] li', { hasText: '办结' });
    await end.waitFor();
    expect(await end.locator('strong').innerText()).toBe('沈振华');
    expect(await staff.page.locator('[data-testid="status"]').innerText()).toContain('已办结');
    await screenshot(staff.page, 'issue13-1440-completed');

    // 3. every page of the walk: no raw status / action code
    const ready: Record<string, string> = {
      '/home': '[data-testid="count-todo"] .num',
      [`/processes/${id}`]: '[data-testid="status"]',
    };
    for (const path of ['/home', '/inbox?box=todo', '/inbox?box=done', '/inbox?box=mine', `/processes/${id}`]) {
      for (const who of [staff.page, leader.page]) {
        await who.goto(path);
        await who
          .locator(ready[path] ?? '[data-testid="task-row"], main .empty')
          .first()
          .waitFor();
        await expect.poll(() => who.locator('main').innerText()).not.toContain('正在加载');
        expect(await latinCodes(who), `${path}`).toEqual([]);
      }
    }
    await leader.page.goto('/inbox?box=done');
    await leader.page.locator('[data-testid="row-status"]').first().waitFor();
    expect(await leader.page.locator('[data-testid="row-status"]').allInnerTexts()).toContain('同意');
    await staff.page.goto('/inbox?box=mine');
    await staff.page.locator('[data-testid="row-status"]').first().waitFor();
    expect(await staff.page.locator('[data-testid="row-status"]').allInnerTexts()).toContain('已办结');
    expect([...staff.errors, ...leader.errors]).toEqual([]);
    await staff.context.close();
    await leader.context.close();
  });

  it('1440: 外出授权 picks the delegate from the address book, whole days, no 撤销 once revoked', async () => {
    const { page, context, errors } = await newPage(chrome.browser, server.url, DESKTOP);
    page.on('dialog', (d) => void d.accept());
    await login(page, 'zhuli');
    await page.waitForURL('**/home');
    await page.goto('/settings/delegation');
    await page.locator('#dg').fill('qt');
    await page.locator('[data-testid="picker-option"]', { hasText: '秦涛' }).click();
    expect(await page.locator('[data-testid="picker-chosen"]').innerText()).toContain('秦涛');
    await page.locator('#from').fill('2026-12-20');
    await page.locator('#to').fill('2026-12-31');
    await page.locator('form button[type=submit]').click();
    const row = page.locator('.list li', { hasText: '秦涛' });
    await row.waitFor();
    expect(await row.innerText()).toContain('2026-12-20 至 2026-12-31');
    expect(await row.locator('[data-testid="delegation-status"]').innerText()).toBe('未生效');
    const stored = (await api(server.url, 'zhuli', '/api/delegations')).items[0];
    expect(stored).toMatchObject({ delegateId: 'qin-tao', to: '2026-12-31T16:00:00.000Z' });
    expect(await latinCodes(page)).toEqual([]);
    await row.locator('[data-testid="revoke"]').click();
    await expect.poll(() => row.locator('[data-testid="delegation-status"]').innerText()).toBe('已撤销');
    expect(await row.locator('[data-testid="revoke"]').count()).toBe(0);
    expect(await latinCodes(page)).toEqual([]);
    // 最近选择: the next pick offers 秦涛 at once
    expect(await page.locator('[data-testid="picker-recent"]').allInnerTexts()).toContain('秦涛');
    await screenshot(page, 'issue13-1440-delegation');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375: a withdrawn request is 作废 from the phone; a leader 转交 by picking a person; no sideways scroll', async () => {
    const p = await api(server.url, 'staff', '/api/processes', {
      method: 'POST',
      body: { definitionKey: 'simple-approval', form: { subject: '会议室租用', amount: 50000 } },
    });
    const id = p.processId as string;
    const staff = await newPage(chrome.browser, server.url, PHONE);
    staff.page.on('dialog', (d) => void d.accept());
    await login(staff.page, 'staff', undefined, true);
    await staff.page.waitForURL('**/home');
    await staff.page.goto(`/processes/${id}`);
    await staff.page.locator('[data-action="withdraw"]').tap();
    await staff.page.locator('[data-action="cancel"]').waitFor();
    expect(await staff.page.locator('[data-action]').allInnerTexts()).toEqual(['重新提交', '作废']);
    expect(await horizontalOverflow(staff.page)).toBeLessThanOrEqual(0);
    await screenshot(staff.page, 'issue13-375-withdrawn');
    await staff.page.locator('[data-action="cancel"]').tap();
    await expect.poll(() => staff.page.locator('[data-testid="status"]').innerText()).toContain('已作废');
    expect(await latinCodes(staff.page)).toEqual([]);

    // 转交 on the phone: the leader picks 朱丽 by pinyin initials
    const q = await api(server.url, 'staff', '/api/processes', {
      method: 'POST',
      body: { definitionKey: 'simple-approval', form: { subject: '购置文件柜', amount: 120000 } },
    });
    const leader = await newPage(chrome.browser, server.url, PHONE);
    await login(leader.page, 'qintao', undefined, true);
    await leader.page.waitForURL('**/home');
    await leader.page.goto(`/processes/${q.processId}`);
    await leader.page.locator('#user').tap();
    await leader.page.locator('#user').fill('zl');
    await leader.page.locator('[data-testid="picker-option"]', { hasText: '朱丽' }).tap();
    expect(await horizontalOverflow(leader.page)).toBeLessThanOrEqual(0);
    await screenshot(leader.page, 'issue13-375-forward-picker');
    await leader.page.locator('[data-action="forward"]').tap();
    await leader.page.locator('[data-testid="next-step"]').waitFor();
    expect(await todoTask(server.url, 'zhuli', q.processId)).toBeTruthy();
    expect([...staff.errors, ...leader.errors]).toEqual([]);
    await staff.context.close();
    await leader.context.close();
  });

  it('375: a 三员 account gets no 待办 and no 起草 on the workbench', async () => {
    const { page, context, errors } = await newPage(chrome.browser, server.url, PHONE);
    await login(page, 'sysadmin', undefined, true);
    await page.waitForURL('**/home');
    await page.locator('[data-testid="no-business"]').waitFor();
    expect(await page.locator('[data-testid^="draft-"]').count()).toBe(0);
    expect(await page.locator('[data-testid="count-todo"]').count()).toBe(0);
    expect(await page.locator('[data-testid="error-banner"]').count()).toBe(0);
    await screenshot(page, 'issue13-375-sysadmin-home');
    // 个人设置 offers a 三员 no 常用意见 / 外出授权 (workflow endpoints he may not use): it opens on 修改密码
    await page.goto('/settings');
    await page.waitForURL('**/settings/password');
    expect(await page.locator('nav.tabs a').allInnerTexts()).toEqual(['修改密码']);
    expect(await page.locator('[data-testid="error-banner"], .alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
