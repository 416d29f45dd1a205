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
const PAGE = 500;

export class NotificationRelay {
  private cursor: { seq: number; id: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** The highest position a caller of kick(upTo) has asked for, and the highest one a finished pass covers. */
  private requested = 0;
  private covered = 0;

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

  /**
   * Publishes what has been committed since the last run. Concurrent calls share passes: a call made
   * while a pass runs waits for one more pass (which starts after the call, so it sees what the caller
   * committed), and every call waiting then is answered by that one pass. `upTo` (optional): the
   * position the caller's rows are at, already committed (read-your-writes); when a pass that started
   * after a caller with that position or higher asked has finished, the call returns without a query.
   */
  kick(upTo?: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (upTo !== undefined && upTo <= this.covered) return Promise.resolve();
    if (upTo !== undefined && upTo > this.requested) this.requested = upTo;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const target = this.requested;
        if (await this.drain()) this.covered = Math.max(this.covered, target);
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** One pass: every row past the cursor, in pages. True when it read up to what was committed. */
  private async drain(): Promise<boolean> {
    try {
      if (!this.cursor) {
        this.cursor = { seq: await this.queries.lastNotificationSeq(), id: '\uffff' };
        return true;
      }
      for (;;) {
        const rows = await this.queries.notificationsAfter(this.cursor, PAGE);
        for (const r of rows) this.bus.publish(toNotification(r));
        if (rows.length) this.cursor = { seq: rows[rows.length - 1].seq, id: rows[rows.length - 1].id };
        if (rows.length < PAGE) return true;
      }
    } catch (err) {
      // the read store was closed under us (shutdown): stop quietly; anything else: report, retry next tick
      if (err instanceof Error && /not open|after calling end|closed|terminated/i.test(err.message)) this.stop();
      else this.onError(err);
      return false;
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
