/**
 * Which real services a test may use. `npm run test:all` starts PostgreSQL and ClickHouse and sets
 * REQUIRE_SERVICES=1: there a missing URL fails the run instead of skipping.
 */
export function serviceUrl(name: 'PG_URL' | 'CLICKHOUSE_URL' | 'ESDB_URL'): string | undefined {
  const url = process.env[name];
  if (url) return url;
  if (process.env.REQUIRE_SERVICES === '1' && name !== 'ESDB_URL') {
    throw new Error(`${name} is not set but REQUIRE_SERVICES=1: run deploy/services.sh start and source .services/env`);
  }
  console.warn(`SKIPPED: tests needing ${name} (run 'bash deploy/services.sh start && source .services/env')`);
  return undefined;
}
