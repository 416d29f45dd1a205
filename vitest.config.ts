import { defineConfig } from 'vitest/config';

// Projects, chosen by file name:
//   *.unit.spec.ts  pure, fast, no I/O beyond temp files
//   *.int.spec.ts   real adapters (SQLite always; PostgreSQL / ClickHouse when their URLs are set)
//   *.e2e.spec.ts   the real app over HTTP, and the browser tests
// Tests that hold a PostgreSQL transaction open on purpose run alone, after everything else: the
// event store's readers wait for the oldest in-flight transaction of the whole server (that is what
// keeps a late commit from being skipped), so a deliberate hold would stall other files' readers.
const EXCLUSIVE = ['commands/store/postgres-event-store.int.spec.ts', 'test/projections/engine-inflight-pg.int.spec.ts'];
const common = {
  exclude: ['**/node_modules/**', 'web/**', 'bench/emmett/**', 'data/**', '.services/**'],
};
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['**/*.unit.spec.ts'], ...common } },
      {
        test: {
          name: 'int',
          include: ['**/*.int.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          ...common,
          exclude: [...common.exclude, ...EXCLUSIVE],
        },
      },
      {
        test: {
          name: 'int-exclusive',
          include: EXCLUSIVE,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          ...common,
        },
      },
      {
        test: { name: 'e2e', include: ['**/*.e2e.spec.ts'], testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false, ...common },
      },
    ],
  },
});
