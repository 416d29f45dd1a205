import 'reflect-metadata';
import { boot, listen } from '../../api/bootstrap';
import { loadConfig } from '../../api/config';

/**
 * The server of the crash test: api/main.ts's start (boot() from api/bootstrap.ts: every route, projections,
 * reactors, the 办理时限 sweep, the warehouse sink), with the platform clock ahead of the wall clock by
 * REL_CLOCK_OFFSET_MS — each restart moves it on by a day or two, so the deadline jobs of the tasks opened before
 * the kill fall due and are fired while the next kill may come (scheduled jobs under crashes). Prints
 * `已启动` once it listens, like `npm start`.
 */
async function main(): Promise<void> {
  const offset = Number(process.env.REL_CLOCK_OFFSET_MS ?? 0) || 0;
  const config = loadConfig();
  const running = await boot(config, { clock: () => new Date(Date.now() + offset) });
  const server = await listen(running.app, config.port, config.host);
  console.log(`crash-server 已启动 on ${config.host}:${config.port}, clock +${offset / 86_400_000} d`);
  const stop = async () => {
    server.close();
    server.closeAllConnections();
    await running.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => {
  console.error('启动失败：', err);
  process.exit(1);
});
