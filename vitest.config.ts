import { defineConfig } from 'vitest/config';

// Three projects, chosen by file name:
//   *.unit.spec.ts  pure, fast, no I/O beyond temp files
//   *.int.spec.ts   real adapters (SQLite always; PostgreSQL / ClickHouse when their URLs are set)
//   *.e2e.spec.ts   the real app over HTTP, and the browser tests
const common = {
  exclude: ['**/node_modules/**', 'web/**', 'bench/emmett/**', 'data/**', '.services/**'],
};
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['**/*.unit.spec.ts'], ...common } },
      { test: { name: 'int', include: ['**/*.int.spec.ts'], testTimeout: 120_000, hookTimeout: 120_000, ...common } },
      { test: { name: 'e2e', include: ['**/*.e2e.spec.ts'], testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false, ...common } },
    ],
  },
});
