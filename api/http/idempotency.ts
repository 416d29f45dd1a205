import type { SqlClient } from '../../projections/engine/types';

/**
 * HTTP-level replay of command responses. The event store already guarantees "one command id,
 * one append"; this table makes a retried request get the *same response* (status and body),
 * including ids the first attempt generated.
 */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export class IdempotencyStore {
  constructor(private readonly db: SqlClient) {}

  async setup(): Promise<void> {
    await this.db.run(`CREATE TABLE IF NOT EXISTS api_idempotency (
      command_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
      status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL)`);
  }

  async find(commandId: string): Promise<(StoredResponse & { path: string }) | undefined> {
    const row = await this.db.get<{ status: number; body: string; path: string }>(
      `SELECT status, body, path FROM api_idempotency WHERE command_id = ?`,
      [commandId],
    );
    return row ? { status: Number(row.status), body: JSON.parse(row.body), path: row.path } : undefined;
  }

  async save(commandId: string, userId: string, method: string, path: string, r: StoredResponse, now: string): Promise<void> {
    await this.db.run(
      `INSERT INTO api_idempotency (command_id, user_id, method, path, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (command_id) DO NOTHING`,
      [commandId, userId, method, path, r.status, JSON.stringify(r.body ?? null), now],
    );
  }
}
