/**
 * Summarises a V8 .cpuprofile (`node --cpu-prof`, e.g. BENCH_CPU_PROF=<dir> npm run bench:http):
 *
 *   npx tsx bench/lib/profile-top.ts <file.cpuprofile> [top=25]
 *
 * Prints the functions with the most self time, and the most inclusive ("total") time, as shares of
 * the profiled time (idle excluded), each with its file:line.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [top]');
const TOP = Number(topArg ?? 25) || 25;
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));

const label = (n: Node): string => {
  const url = n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*?\/(node_modules\/)/, '$1')
    .replace(/^\/work\/main\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
};
const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
let busy = 0;
const selfBy = new Map<string, number>();
const totalBy = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  if (n.callFrame.functionName === '(idle)') continue;
  busy += t;
  selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + t);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    totalBy.set(l, (totalBy.get(l) ?? 0) + t);
  }
}
const wall = prof.timeDeltas.reduce((a, b) => a + b, 0);
console.log(`${file}: ${(wall / 1e6).toFixed(1)} s profiled, ${((busy / wall) * 100).toFixed(0)} % busy (not idle)\n`);
const show = (title: string, m: Map<string, number>) => {
  console.log(`${title} (share of busy time)`);
  for (const [l, t] of [...m]
    .filter(([l]) => !idle.has(l.split(' ')[0]) || title.startsWith('self'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP))
    console.log(`  ${((t / busy) * 100).toFixed(1).padStart(5)} %  ${l}`);
  console.log();
};
show('self time', selfBy);
show('total time', totalBy);
