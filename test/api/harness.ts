import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { boot, type Running } from '../../api/bootstrap';
import { loadConfig } from '../../api/config';
import { DEMO_PASSWORD } from '../../api/seed/demo-district';

/**
 * The real app on SQLite in a temp DATA_DIR, seeded with the demo district through the command
 * pipeline. `clock` can be moved forward (lockout expiry, session idle timeout).
 */
export interface TestApp extends Running {
  dataDir: string;
  clock: { now: Date; advance(ms: number): void };
  login(username: string, password?: string): Promise<{ accessToken: string; refreshToken: string; user: { id: string } }>;
  stop(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oa-api-e2e-'));
  const clock = {
    offset: 0,
    get now() {
      return new Date(Date.now() + this.offset);
    },
    advance(ms: number) {
      this.offset += ms;
    },
  };
  const config = loadConfig(
    {
      DATA_DIR: dataDir,
      EVENT_STORE: `sqlite:${join(dataDir, 'oa.db')}?synchronous=NORMAL`,
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'e2e-secret-0123456789abcdef0123456789abcdef',
      LOGIN_RATE_MAX: '1000',
      // the demo year of simulated activity is for people and the dashboard test; API tests count exactly
      DEMO_HISTORY: '0',
      ...env,
    },
    process.cwd(),
  );
  const running = await boot(config, { clock: () => clock.now, sealer: false });
  const t: TestApp = {
    ...running,
    dataDir,
    clock,
    async login(username, password = DEMO_PASSWORD) {
      const r = await request(running.app).post('/api/auth/login').send({ username, password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async stop() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** supertest: read the answer as raw bytes (a PDF, an xlsx) — `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
