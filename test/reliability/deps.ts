import { spawnSync } from 'node:child_process';
import type { Row } from './lib';

/** `npm audit --omit=dev`: high + critical advisories among the runtime dependencies. */
export function dependencyAudit(cwd: string): Row {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd, encoding: 'utf8', timeout: 120_000 });
  let j: { metadata?: { vulnerabilities?: Record<string, number> }; message?: string; statusCode?: number } = {};
  try {
    j = JSON.parse(r.stdout || '{}');
  } catch {
    /* not JSON */
  }
  const v = j.metadata?.vulnerabilities;
  if (!v) {
    const why = j.message ?? r.stderr?.split('\n')[0] ?? 'no answer';
    return {
      area: 'dependencies',
      check: 'npm audit --omit=dev',
      figure: `not measured: ${why.slice(0, 90)}`,
      target: 'high+critical = 0',
      ok: null,
    };
  }
  const bad = (v.high ?? 0) + (v.critical ?? 0);
  return {
    area: 'dependencies',
    check: 'npm audit --omit=dev',
    figure: `${bad} high/critical (${v.moderate ?? 0} moderate, ${v.low ?? 0} low)`,
    target: 'high+critical = 0',
    ok: bad === 0,
  };
}
