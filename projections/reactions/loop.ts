import type { SqlClient, SqlLock } from '../engine/types';

/**
 * The background loop shared by the outbox dispatcher and the sweeper: runs `pass` on a timer, never
 * two at once; `pass` answers the delay before the next one. A wake-up during a pass runs another
 * right after it. Holds the store lock `lockKey` (PostgreSQL advisory lock; in-process on SQLite) while
 * it owns the work, so that normally one process does it — the idempotency keys cover the rest.
 */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private again = false;
  private lock: SqlLock | null = null;
  private owning: Promise<boolean> | null = null;
  lastError: string | null = null;

  constructor(
    private readonly pass: () => Promise<number>,
    private readonly onError: (message: string) => void,
    /** Delay after a failed pass. */
    private readonly retryMs: number,
  ) {}

  private stopping = false;

  /** stop() was called: a pass in progress should end soon. */
  get isStopping(): boolean {
    return this.stopping;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.lock?.release().catch(() => undefined);
    this.lock = null;
  }

  /** Look again after `ms` (or right after the running pass). */
  wake(ms = 0): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(ms);
  }

  /** True when this process holds (or just took) `key`; false when another process does. */
  own(db: SqlClient, key: string): Promise<boolean> {
    if (!db.tryLock || this.lock) return Promise.resolve(true);
    // one attempt at a time: a timer's pass and an explicit drain() asking together share it
    this.owning ??= db.tryLock(key).then(
      (lock) => {
        this.lock = lock;
        this.owning = null;
        return lock !== null;
      },
      (err: unknown) => {
        this.owning = null;
        throw err;
      },
    );
    return this.owning;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass()
        .catch((err) => {
          this.lastError = String((err as Error)?.message ?? err);
          this.onError(this.lastError);
          return this.retryMs;
        })
        .then((next) => {
          this.running = null;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : next);
        });
    }, ms);
    this.timer.unref?.();
  }
}
