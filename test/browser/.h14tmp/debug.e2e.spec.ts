import { it } from 'vitest';
import { DEMO_PASSWORD, PHONE, launchBrowser, login, newPage, startServer } from '../harness';

it('debug', async () => {
  const server = await startServer();
  const chrome = await launchBrowser();
  try {
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wangfang', password: DEMO_PASSWORD }) });
    const token = ((await res.json()) as { accessToken: string }).accessToken;
    const call = async (path: string, body: unknown) => {
      const r = await fetch(`${server.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      return (await r.json()) as Record<string, string>;
    };
    const paper = await call('/documents/incoming/paper', { category: 'normal', sourceOrgan: '市政府办公室', title: 'T', classification: '内部', receivedAt: new Date().toISOString() });
    await call(`/documents/incoming/${paper.id}/propose`, { opinion: 'x', leaderIds: ['sun-jianhua'] });
    const s = await newPage(chrome.browser, server.url, PHONE);
    s.page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
    s.page.on('response', (r) => { if (r.url().includes('/api/documents')) console.log('RESP', r.request().method(), r.url(), r.status()); });
    await login(s.page, 'sunjianhua', DEMO_PASSWORD, true);
    await s.page.waitForURL('**/home');
    await s.page.goto(`/documents/incoming/${paper.id}`);
    await s.page.locator('#instruction').fill('请落实');
    await s.page.locator('[data-action="instruct"]').tap();
    await new Promise((r) => setTimeout(r, 4000));
    console.log((await s.page.locator('main').innerText()).slice(0, 600));
  } finally {
    await chrome.close();
    await server.stop();
  }
}, 120_000);
