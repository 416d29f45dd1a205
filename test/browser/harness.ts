/**
 * Browser-test harness: the real API server (api/main.ts, as `npm start` runs it) on a free port
 * with a temporary data folder, serving the built web app; Debian's Chromium driven by
 * playwright-core (never a downloaded browser).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
export const CHROMIUM = process.env.CHROME_BIN ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Demo@2026';
const WEB_DIST = join(ROOT, 'web', 'dist', 'browser');

/** Newest modification time under a folder (sources of the web app). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the web app when there is no build or the sources changed since. */
export function ensureWebBuild(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(newest(join(ROOT, 'web', 'src')), statSync(join(ROOT, 'web', 'angular.json')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'ng'), ['build'], {
    cwd: join(ROOT, 'web'),
    stdio: 'inherit',
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
  });
  if (r.status !== 0) throw new Error('web build failed');
}

/**
 * Is Chromium there? Without it the browser tests skip on a developer's machine, but under
 * REQUIRE_SERVICES=1 (test:all, CI) a missing browser fails the run, as a missing PostgreSQL does.
 */
export function browserAvailable(env: NodeJS.ProcessEnv = process.env, chromium = CHROMIUM): boolean {
  if (existsSync(chromium)) return true;
  if (env.REQUIRE_SERVICES === '1') {
    throw new Error(
      `Chromium not found at ${chromium} but REQUIRE_SERVICES=1: install it (deploy/services.sh start browser) or set CHROME_BIN`,
    );
  }
  console.warn(`SKIPPED: browser tests (no Chromium at ${chromium})`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `tsx api/main.ts` with a fresh DATA_DIR (demo district seeded) and waits for /api/health. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'oa-browser-'));
  let out = '';
  // node itself with tsx's loader: the tsx CLI would run the server in a child that the SIGKILL fallback below cannot reach
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIR: WEB_DIST,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_MAX: '1000',
      // the browser tests walk the demo district: asked for explicitly, so a production-like env (NODE_ENV, server stores) keeps it
      SEED_DEMO: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API server exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status < 500 && out.includes('已启动')) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`API server did not start within 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

/**
 * Debian Chromium, headless, with a throw-away profile. playwright-core refuses a
 * `--user-data-dir` argument in launch(): it passes its own fresh mkdtemp profile under TMPDIR, so
 * we point TMPDIR at a folder of ours (mkdtemp) and delete it afterwards.
 */
export async function launchBrowser(): Promise<RunningBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'oa-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, TMPDIR: profile },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const DESKTOP = { viewport: { width: 1440, height: 900 } };
/** A phone (粤政易 channel): 375 × 812 with touch. */
export const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export async function newPage(
  b: Browser,
  baseURL: string,
  opts: typeof DESKTOP | typeof PHONE = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await b.newContext({ ...opts, baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A blocked resource or handler (helmet's CSP) silently breaks the page: count it as an error.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  // Only requests to our own server: anything else (CDN, web fonts) is a bug.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
    errors.push(`external request: ${route.request().url()}`);
    return route.abort();
  });
  return { context, page, errors };
}

/** Logs in through the login page; `tap` uses touch taps instead of clicks. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD, tap = false): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  const submit = page.locator('button[type=submit]');
  if (tap) await submit.tap();
  else await submit.click();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Width of the page's content beyond the viewport (0 = nothing overflows sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/**
 * Draws a signature on the page's signing pad (原笔迹签批) with real pointer events: CDP touch drags
 * (pointerType 'touch') on a phone, the mouse on a desktop; resolves once the pad shows the ink.
 */
export async function drawSignature(page: Page, touch: boolean): Promise<void> {
  const pad = page.locator('oa-signature-pad svg');
  await pad.scrollIntoViewIfNeeded();
  const b = (await pad.boundingBox())!;
  const pts = [
    [0.12, 0.55],
    [0.25, 0.3],
    [0.38, 0.7],
    [0.52, 0.35],
    [0.66, 0.62],
    [0.85, 0.4],
  ].map(([x, y]) => [b.x + x * b.width, b.y + y * b.height]);
  if (touch) {
    const cdp = await page.context().newCDPSession(page);
    const at = ([x, y]: number[]) => [{ x, y, radiusX: 2, radiusY: 2, force: 0.5, id: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(pts[0]) });
    for (const p of pts.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    // Chromium's emulated gestures swallow the first tap after a CDP drag: spend it on a plain heading.
    await page.locator('h1, h2').first().tap();
  } else {
    await page.mouse.move(pts[0][0], pts[0][1]);
    await page.mouse.down();
    for (const p of pts.slice(1)) await page.mouse.move(p[0], p[1], { steps: 4 });
    await page.mouse.up();
  }
  await expect.poll(() => page.locator('oa-signature-pad path.ink').getAttribute('d')).toMatch(/^M/);
}
