/**
 * The server side of bench:http (bench/http.ts starts this file as a child process over IPC).
 *
 *   BENCH_ROLE=app   the real server: boot() from api/bootstrap.ts (event store, projections, sealer,
 *                    warehouse sink, deadline sweep, every route), the demo district seeded on first
 *                    start (no demo year), on 127.0.0.1, a random port. Request log at info level to a
 *                    file in the data folder (what `npm start` does to stdout).
 *   BENCH_ROLE=bare  a bare Express 5 app with the same JWT check (TokenService.verifyAccess, same
 *                    secret) and a JSON body parser: GET and POST /bare answer {ok, sub} — the ceiling
 *                    of "Express plus our authentication" on this machine.
 *
 * Both report the event-loop delay on request: {cmd: 'eld-reset'} starts a fresh
 * perf_hooks.monitorEventLoopDelay histogram, {cmd: 'eld-read'} answers its p50/p99/max in ms.
 * {cmd: 'prof-start'} / {cmd: 'prof-stop', file} record a V8 CPU profile of the load only (node:inspector;
 * start-up and seeding left out) and write it to `file`.
 */
import 'reflect-metadata';
import express from 'express';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { boot, listen } from '../api/bootstrap';
import { loadConfig } from '../api/config';
import { TokenService } from '../api/auth/tokens';

type Msg = { cmd: 'eld-reset' } | { cmd: 'eld-read' } | { cmd: 'stop' } | { cmd: 'prof-start' } | { cmd: 'prof-stop'; file: string };

const inspector = new Session();
const post = (method: string, params?: object): Promise<unknown> =>
  new Promise((resolve, reject) => inspector.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));

const send = (m: unknown): void => void process.send?.(m);

async function main(): Promise<void> {
  const role = process.env.BENCH_ROLE ?? 'app';
  let port: number;
  let close: () => Promise<void>;
  if (role === 'bare') {
    const tokens = new TokenService(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8'));
    const app = express();
    app.disable('x-powered-by');
    app.use(express.json({ limit: '1mb' }));
    const handler = (req: express.Request, res: express.Response): void => {
      const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      try {
        if (!m) throw new Error('no token');
        const claims = tokens.verifyAccess(m[1]);
        res.status(req.method === 'POST' ? 201 : 200).json({ ok: true, sub: claims.sub });
      } catch {
        res.status(401).json({ ok: false });
      }
    };
    app.get('/bare', handler);
    app.post('/bare', handler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    port = (server.address() as AddressInfo).port;
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    };
  } else {
    const config = loadConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0', DEMO_HISTORY: '0', LOG_LEVEL: 'info' });
    const logger = pino(
      { level: 'info', base: { app: 'gov-oa' } },
      pino.destination({ dest: join(config.dataDir, 'server.log'), sync: true }),
    );
    const running = await boot(config, { logger });
    const server = await listen(running.app, 0, '127.0.0.1');
    port = (server.address() as AddressInfo).port;
    close = async () => {
      server.closeAllConnections();
      server.close();
      await running.close();
    };
  }

  let h = monitorEventLoopDelay({ resolution: 10 });
  process.on('message', (m: Msg) => {
    if (m.cmd === 'eld-reset') {
      h.disable();
      h = monitorEventLoopDelay({ resolution: 10 });
      h.enable();
      send({ cmd: 'eld-reset' });
    } else if (m.cmd === 'eld-read') {
      h.disable();
      send({ cmd: 'eld-read', p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 });
    } else if (m.cmd === 'prof-start') {
      inspector.connect();
      void post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: 500 }))
        .then(() => post('Profiler.start'))
        .then(() => send({ cmd: 'prof-start' }));
    } else if (m.cmd === 'prof-stop') {
      void post('Profiler.stop').then((r) => {
        writeFileSync(m.file, JSON.stringify((r as { profile: unknown }).profile));
        inspector.disconnect();
        send({ cmd: 'prof-stop' });
      });
    } else if (m.cmd === 'stop') {
      void close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  send({ cmd: 'ready', port, pid: process.pid });
}

main().catch((err) => {
  console.error('bench http-server failed:', err);
  process.exit(1);
});
