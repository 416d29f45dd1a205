#!/usr/bin/env node
// `npm run build`: builds the web app (ng build in web/) and prints the build time and the size of
// the JavaScript the first page loads (the initial chunks referenced by index.html), raw and gzip.
// Fails when the initial JavaScript exceeds 500 kB.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const ng = join(web, '..', 'node_modules', '.bin', 'ng');
const LIMIT = 500 * 1024;

const t0 = Date.now();
const r = spawnSync(ng, ['build', ...process.argv.slice(2)], {
  cwd: web,
  stdio: 'inherit',
  env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
});
const seconds = (Date.now() - t0) / 1000;
if (r.status !== 0) {
  console.error(`web build failed after ${seconds.toFixed(1)} s`);
  process.exit(r.status ?? 1);
}

const out = join(web, 'dist', 'browser');
const index = readFileSync(join(out, 'index.html'), 'utf8');
// Initial chunks: the entry scripts and modulepreload links the index references.
const initial = new Set([...index.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]));
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const rows = [];
for (const f of readdirSync(out).filter((f) => f.endsWith('.js'))) {
  const buf = readFileSync(join(out, f));
  rows.push({ file: f, initial: initial.has(f), raw: statSync(join(out, f)).size, gz: gzipSync(buf).length });
}
const init = rows.filter((x) => x.initial);
const lazy = rows.filter((x) => !x.initial);
const sum = (xs, k) => xs.reduce((n, x) => n + x[k], 0);
const main = rows.find((x) => x.file.startsWith('main-'));

console.log('\n── web build ─────────────────────────────────────────────');
console.log(`build time            ${seconds.toFixed(1)} s`);
console.log(`main bundle           ${main ? `${kb(main.raw)} (gzip ${kb(main.gz)})` : 'n/a'}`);
console.log(
  `initial JS (${String(init.length).padStart(2)} files) ${kb(sum(init, 'raw'))} (gzip ${kb(sum(init, 'gz'))})  limit ${kb(LIMIT)}`,
);
console.log(`lazy JS    (${String(lazy.length).padStart(2)} files) ${kb(sum(lazy, 'raw'))} (gzip ${kb(sum(lazy, 'gz'))})`);
console.log(`output                ${out}`);
console.log('──────────────────────────────────────────────────────────');
if (sum(init, 'raw') > LIMIT) {
  console.error(`initial JavaScript ${kb(sum(init, 'raw'))} exceeds ${kb(LIMIT)}`);
  process.exit(1);
}
