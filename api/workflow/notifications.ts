import type { InboxQueries, NotificationRow } from '../../projections/inbox/queries';
import type { Notification, NotificationBus } from '../events/bus';

/**
 * Live push of the message center (消息中心) over SSE. Decision: the API layer publishes, after the
 * projection has committed — not an engine hook (the engine has none, and a hook would run inside the
 * projection's transaction, before the commit, so a rolled-back batch could push a phantom).
 *
 * The relay keeps a cursor (seq = event position, id) over the `notifications` read model and
 * publishes every row committed past it on the NotificationBus: `kick()` right after a command's
 * read-your-writes wait (instant for commands on this node), and a poll every `intervalMs` for the
 * rest (commands on other API nodes, deadline sweeps). Rows that existed before start-up are not
 * replayed; a rebuild keeps seq values, so nothing is pushed twice.
 */
export class NotificationRelay {
  private cursor: { seq: number; id: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly queries: InboxQueries,
    private readonly bus: NotificationBus,
    private readonly intervalMs = 500,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.kick(), this.intervalMs);
    this.timer.unref();
    void this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Publishes what has been committed since the last run (coalesces concurrent calls). */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.drain();
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      if (!this.cursor) {
        this.cursor = { seq: await this.queries.lastNotificationSeq(), id: '\uffff' };
        return;
      }
      for (;;) {
        const rows = await this.queries.notificationsAfter(this.cursor, 500);
        for (const r of rows) this.bus.publish(toNotification(r));
        if (rows.length) this.cursor = { seq: rows[rows.length - 1].seq, id: rows[rows.length - 1].id };
        if (rows.length < 500) return;
      }
    } catch (err) {
      // the read store was closed under us (shutdown): stop quietly; anything else: report, retry next tick
      if (err instanceof Error && /not open|after calling end|closed|terminated/i.test(err.message)) this.stop();
      else this.onError(err);
    }
  }
}

export function toNotification(r: NotificationRow): Notification & { processId: string | null; taskId: string | null } {
  return {
    id: r.id,
    userId: r.userId,
    kind: r.kind,
    title: r.title,
    body: r.body,
    ...(r.link ? { link: r.link } : {}),
    at: r.at,
    processId: r.instanceId,
    taskId: r.taskId,
  };
}
