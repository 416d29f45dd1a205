import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boot, listen } from './bootstrap';
import { loadConfig } from './config';

/**
 * `npm run api:types` (first step): writes the OpenAPI document the server serves at /api/openapi.json
 * to the file named on the command line (stdout without one). It boots the real composition root on
 * an empty temporary store (no seed, no warehouse) so the document comes from the same route
 * declarations and DTOs. openapi-typescript then turns it into web/src/app/core/api-types.ts.
 */
export async function currentOpenApi(): Promise<unknown> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oa-openapi-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SEED_DEMO: '0',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'openapi-cli-0123456789abcdef0123456789',
  });
  const running = await boot(config, { sealer: false, warehouse: false });
  const server = await listen(running.app, 0, '127.0.0.1');
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/openapi.json`);
    if (!res.ok) throw new Error(`/api/openapi.json answered ${res.status}`);
    return await res.json();
  } finally {
    server.close();
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /openapi-cli\.ts$/.test(process.argv[1])) {
  currentOpenApi().then(
    (doc) => {
      const text = JSON.stringify(doc, null, 2) + '\n';
      if (process.argv[2]) writeFileSync(process.argv[2], text);
      else process.stdout.write(text);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
