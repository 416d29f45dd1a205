#!/usr/bin/env node
// Before `npm start`: 套红, 用印 and the 办文单 embed CJK fonts (Debian package fonts-noto-cjk, see
// reports/documents/fonts.ts). On a fresh Debian machine, as root, install the package when it is
// missing; otherwise say what is missing and go on (the rest of the product works; 套红/用印 answer 503).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'NotoSerifCJK-Regular.ttc';
const DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk'];
const dirs = process.env.OA_CJK_FONT_DIR ? [process.env.OA_CJK_FONT_DIR] : DIRS;
if (dirs.some((d) => existsSync(join(d, FILE)))) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = existsSync('/usr/bin/apt-get');
if (root && apt && !process.env.OA_CJK_FONT_DIR) {
  console.log('首次启动：正在安装中文字体 fonts-noto-cjk（套红、用印需要）…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  }
  if (r.status === 0) process.exit(0);
}
console.warn(
  `未找到中文字体 ${FILE}（已查找 ${dirs.join(', ')}）：套红、用印暂不可用。` +
    '请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk），或设置 OA_CJK_FONT_DIR。',
);
