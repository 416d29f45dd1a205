import { Subject, type Observable, filter } from 'rxjs';

/**
 * In-process notification bus (消息中心 live push). Modules publish a notification for a user;
 * the SSE endpoint streams each caller's own. With several API nodes, a projection feeding
 * every node's bus from the event log takes the place of direct publishing.
 */
export interface Notification {
  id: string;
  userId: string;
  /** e.g. 'task.created', 'task.returned', 'task.urged', 'process.completed', 'delegation.created' */
  kind: string;
  title: string;
  body?: string;
  link?: string;
  at: string;
}

export class NotificationBus {
  private readonly subject = new Subject<Notification>();

  publish(n: Notification): void {
    this.subject.next(n);
  }

  forUser(userId: string): Observable<Notification> {
    return this.subject.pipe(filter((n) => n.userId === userId));
  }

  get observed(): boolean {
    return this.subject.observed;
  }
}
