/**
 * 会议/日程 in the browser at 1440 px and 375 px (phone): book a room by clicking a free slot on the
 * 综合安排 grid; an overlapping booking refused with the holder's time; the meeting in an invited
 * person's calendar; a secretary keeps the leader's schedule (recorded as 秘书 on behalf of 领导);
 * the workbench's 今日日程 card shows real entries. Screenshots: test/artifacts/meetings-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate, shanghaiInstant, weekdayOf } from '../../domain/meetings/time';
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

describe.skipIf(!run)('会议 and 日程 at 1440 and 375 px', () => {
  let server: RunningServer;
  let chrome: RunningBrowser;
  let day = '';

  async function api(user: string, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const l = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await l.json()) as { accessToken: string };
    const r = await fetch(`${server.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }

  async function open(user: string, path: string, device: typeof DESKTOP | typeof PHONE) {
    const s = await newPage(chrome.browser, server.url, device);
    await login(s.page, user, DEMO_PASSWORD, device === PHONE);
    await s.page.waitForURL('**/home');
    await s.page.goto(path);
    return s;
  }

  beforeAll(async () => {
    ensureWebBuild();
    [server, chrome] = await Promise.all([startServer(), launchBrowser()]);
    day = addDays(shanghaiDate(new Date().toISOString()), 20);
    while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day = addDays(day, 1);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('1440: books 小会议室 10:00–11:00 by clicking the free slot on the day grid', async () => {
    const { page, errors, context } = await open('zhouming', `/meetings/rooms?date=${day}&view=day`, DESKTOP);
    const row = page.locator('tr[data-room="room-qzfb-3"]');
    await row.waitFor({ timeout: 20_000 });
    await row.locator('td[data-slot="10:00"]').click();
    await page.locator('[data-testid="book-title"]').fill('综合科专题会');
    await page.locator('[data-testid="book-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="grid-note"]').textContent(), { timeout: 10_000 }).toContain('预约成功');
    await expect.poll(() => row.locator('[data-testid="grid-booking"]').allInnerTexts()).toEqual([expect.stringContaining('综合科专题会')]);
    expect(await row.locator('td[data-slot="10:30"]').count()).toBe(0); // the slot is taken now
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'meetings-grid-1440');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375: an overlapping booking is refused, naming the booking that holds the slot', async () => {
    const { page, errors, context } = await open('wuxiaoyan', `/meetings/rooms?date=${day}&view=day`, PHONE);
    const row = page.locator('tr[data-room="room-qzfb-3"]');
    await row.waitFor({ timeout: 20_000 });
    const slot = row.locator('td[data-slot="09:30"]');
    await slot.scrollIntoViewIfNeeded();
    await slot.tap();
    await page.locator('[data-testid="book-form"] input[name="to"]').fill('10:30');
    await page.locator('[data-testid="book-title"]').fill('想占用的时段');
    await page.locator('[data-testid="book-submit"]').tap();
    await expect
      .poll(() => page.locator('[data-testid="grid-error"]').textContent(), { timeout: 10_000 })
      .toContain('该时段已被预约：10:00–11:00');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'meetings-conflict-375');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('375: the meeting an invited person attends is in their calendar by itself; the organiser sees the 签到二维码', async () => {
    const m = await api('zhouming', '/meetings', {
      title: '全区政务信息化推进会',
      start: shanghaiInstant(day, '14:30'),
      end: shanghaiInstant(day, '16:00'),
      location: '区政府第二会议室',
      personIds: ['staff'],
      unitIds: ['czj'],
      replyDeadline: shanghaiInstant(addDays(day, -1), '17:00'),
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    const { page, errors, context } = await open('staff', `/schedule?date=${day}&view=day`, PHONE);
    const item = page.locator('[data-testid="cal-item"][data-source="meeting"]', { hasText: '全区政务信息化推进会' });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.innerText()).toContain('14:30–16:00');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'meetings-calendar-375');
    expect(errors).toEqual([]);
    await context.close();
    // the organiser's meeting page on the phone shows the 签到二维码 (a decoded PNG image, inside 375 px)
    const o = await open('zhouming', `/meetings/${encodeURIComponent(String(m.body.id))}`, PHONE);
    const qr = o.page.locator('[data-testid="check-in-qr"]');
    await qr.waitFor({ timeout: 20_000 });
    await o.page.waitForFunction(`document.querySelector('[data-testid="check-in-qr"]').complete`);
    const width = await o.page.evaluate<number>(`document.querySelector('[data-testid="check-in-qr"]').naturalWidth`);
    expect(width).toBeGreaterThan(100);
    expect(await horizontalOverflow(o.page)).toBeLessThanOrEqual(0);
    await screenshot(o.page, 'meetings-check-in-qr-375');
    expect(o.errors).toEqual([]);
    await o.context.close();
  });

  it("1440: the secretary adds to the 区长's schedule; it shows as kept by the secretary; 375: the leader sees it", async () => {
    const { page, errors, context } = await open('wuxiaoyan', `/schedule?date=${day}&view=week&user=zhao-guoqiang`, DESKTOP);
    await page.locator('[data-testid="cal-owner-name"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="cal-owner-name"]').innerText()).toContain('赵国强');
    await page.locator('[data-testid="cal-new"]').click();
    await page.locator('[data-testid="entry-title"]').fill('听取区财政局预算执行情况汇报');
    await page.locator('[data-testid="entry-from"]').fill('15:00');
    await page.locator('[data-testid="entry-to"]').fill('16:00');
    await page.locator('[data-testid="entry-save"]').click();
    const item = page.locator('[data-testid="cal-item"]', { hasText: '听取区财政局预算执行情况汇报' });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.locator('[data-testid="by-secretary"]').innerText()).toContain('吴晓燕（秘书）代为安排');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'meetings-secretary-1440');
    expect(errors).toEqual([]);
    await context.close();

    const leader = await open('zhaoguoqiang', `/schedule?date=${day}&view=day`, PHONE);
    const mine = leader.page.locator('[data-testid="cal-item"]', { hasText: '听取区财政局预算执行情况汇报' });
    await mine.waitFor({ timeout: 20_000 });
    expect(await mine.innerText()).toContain('吴晓燕（秘书）代为安排');
    expect(await horizontalOverflow(leader.page)).toBeLessThanOrEqual(0);
    expect(leader.errors).toEqual([]);
    await leader.context.close();
  });

  it("375: the workbench 今日日程 card shows today's entries of the demo", async () => {
    const { page, errors, context } = await open('staff', '/home', PHONE);
    const card = page.locator('[data-testid="today-schedule"]');
    await card.waitFor({ timeout: 20_000 });
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain('与国库科对接支付数据');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
