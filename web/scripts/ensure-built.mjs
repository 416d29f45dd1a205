#!/usr/bin/env node
// Before `npm start`: build the web app when there is no build yet (a fresh clone), so that the
// API can serve the UI on the same port. A build that exists is used as it is (`npm run build` rebuilds).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.WEB_DIR || existsSync(join(web, 'dist', 'browser', 'index.html'))) process.exit(0);
console.log('首次启动：正在构建前端（约 30–60 秒）…');
const r = spawnSync(process.execPath, [join(web, 'scripts', 'build.mjs')], { stdio: 'inherit' });
process.exit(r.status ?? 1);
