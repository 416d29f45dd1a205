import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { createEventStore } from '../commands/store/factory';
import { CommandHandler } from '../commands/pipeline';
import { loadConfig } from './config';
import { DEMO_LOGINS, DEMO_PASSWORD } from './seed/demo-district';
import { demoSeedState, seedDemoDistrict } from './seed/seed';

/** `npm run seed`: seeds the demo district into an empty store (EVENT_STORE / DATA_DIR) without serving. */
async function main(): Promise<number> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const store = await createEventStore(config.eventStoreUrl);
  try {
    const state = await demoSeedState(store);
    if (state === 'done') {
      console.log('演示数据已存在，无需重复生成。');
      return 0;
    }
    if (state === 'foreign') {
      console.error('事件存储不为空且不是演示数据：拒绝写入。请使用空的存储（EVENT_STORE / DATA_DIR）。');
      return 1;
    }
    await seedDemoDistrict(store, new CommandHandler(store), (m) => console.log(m), {
      history: config.demoHistory,
      storeUrl: config.eventStoreUrl,
    });
    console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：${DEMO_LOGINS.map((l) => l.username).join('、')}`);
    console.log('读模型将在服务启动（npm start）时由投影引擎生成。');
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('生成演示数据失败：', err);
    process.exit(1);
  },
);
