import 'reflect-metadata';
import { boot, listen } from './bootstrap';
import { loadConfig } from './config';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_LOGINS, DEMO_PASSWORD } from './seed/demo-district';
import { INITIAL_PASSWORDS_FILE } from './seed/production';

/**
 * `npm start`: embedded SQLite under ./data, demo district on first run, UI + API on one port. A production
 * start (NODE_ENV=production or a server store) seeds only the 三员 accounts (seed/production.ts).
 */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const running = await boot(config);
  const server = await listen(running.app, config.port, config.host);
  const url = `http://localhost:${config.port}`;
  const initialPasswords = join(config.dataDir, INITIAL_PASSWORDS_FILE);
  const lines = [
    '',
    `政务协同办公平台 已启动（${Date.now() - started} ms）：${url}`,
    `  API 文档 ${url}/api/docs   健康检查 ${url}/api/health`,
    `  事件存储 ${config.eventStoreUrl.replace(/\/\/[^@/]*@/, '//***@')}   读库 ${config.readStoreUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
    running.seeded ? '  首次运行：已通过命令管道生成演示区数据' : '',
    ...(config.seedDemo
      ? [`  演示账号（密码均为 ${DEMO_PASSWORD}）：`, ...DEMO_LOGINS.map((l) => `    ${l.username.padEnd(10)} ${l.role}`)]
      : config.production && existsSync(initialPasswords)
        ? [`  生产模式：三员账号 sysadmin / secadmin / auditor 的一次性初始密码见 ${initialPasswords}（仅属主可读，首次登录须修改）`]
        : []),
    '',
  ].filter((l) => l !== '');
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`收到 ${signal}，正在停止…`);
    server.close();
    server.closeAllConnections();
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('启动失败：', err);
  process.exit(1);
});
