import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../../commands/store/factory';
import { openReadStore } from '../../projections/sql';
import { verifyStore } from '../../reports/audit/verify';
import { backup } from '../../deploy/backup';
import { restore } from '../../deploy/restore';
import type { TestApp } from '../api/harness';
import { readModelDiff, rebuildInto } from './read-models';
import type { Row } from './lib';

/**
 * Backup while the app runs (`npm run backup`'s function), restore into an empty data dir (`npm run
 * restore`'s), rebuild every read model from the restored log: equal to the live ones; audit:verify
 * of the restored log gives the same verdict and counts as of the original.
 */
export async function backupRestore(t: TestApp): Promise<Row[]> {
  const work = mkdtempSync(join(tmpdir(), 'oa-backup-'));
  const target = join(work, 'restored');
  try {
    const b = await backup(join(work, 'backup'), {
      DATA_DIR: t.dataDir,
      EVENT_STORE: `sqlite:${join(t.dataDir, 'oa.db')}`,
      LOG_LEVEL: 'silent',
    });
    await restore(join(work, 'backup'), { DATA_DIR: target, LOG_LEVEL: 'silent' });
    const restored = await createEventStore(`sqlite:${join(target, 'oa.db')}`);
    const rebuilt = await openReadStore(`sqlite:${join(work, 'rebuilt.db')}`);
    try {
      // the live read models at the backup's position (nothing runs meanwhile in the suite)
      await t.platform.projections.waitFor(b.headPosition, { timeoutMs: 60_000 });
      await rebuildInto(restored, rebuilt);
      const d = await readModelDiff(t.platform.readDb, rebuilt);
      const [orig, again] = [await verifyStore(t.platform.store), await verifyStore(restored)];
      const sameVerdict = orig.ok === again.ok && again.events >= b.headPosition && again.problemCount === orig.problemCount;
      return [
        {
          area: 'backup/restore',
          check: 'online backup → empty dir → rebuild: read models',
          figure: `${b.headPosition} events; ${d.tables} tables, ${d.rows} rows, ${d.diffs.length} differ`,
          target: '0 differ',
          ok: d.diffs.length === 0,
          notes: d.diffs.slice(0, 5),
        },
        {
          area: 'backup/restore',
          check: 'audit:verify of the restored log',
          figure: `original ${orig.ok ? 'ok' : 'BROKEN'} (${orig.events} events, ${orig.problemCount} problems); restored ${again.ok ? 'ok' : 'BROKEN'} (${again.events} events, ${again.problemCount} problems)`,
          target: 'identical verdict',
          ok: sameVerdict,
        },
      ];
    } finally {
      await rebuilt.close();
      await restored.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
