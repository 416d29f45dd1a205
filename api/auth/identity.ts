import type { EventStore } from '../../domain/eventstore/port';
import {
  evolveUser,
  evolveUsername,
  initialUserState,
  orgStreams,
  type ExistingUser,
  type UserEvent,
  type UsernameEvent,
  type UsernameState,
} from '../../domain/org';

/**
 * Login reads the account straight from the event log (username reservation → user stream),
 * not from a projection: a lockout written a millisecond ago must already hold.
 */
export class IdentityReader {
  constructor(private readonly store: EventStore) {}

  async userIdOf(username: string): Promise<string | null> {
    const events = await this.store.readStream(orgStreams.username(username));
    let s: UsernameState = { status: 'free' };
    for (const e of events) s = evolveUsername(s, { type: e.type, data: e.data } as UsernameEvent);
    return s.status === 'reserved' ? s.userId : null;
  }

  async account(userId: string): Promise<ExistingUser | null> {
    const events = await this.store.readStream(orgStreams.user(userId));
    let s = initialUserState();
    for (const e of events) s = evolveUser(s, { type: e.type, data: e.data } as UserEvent);
    return s.status === 'none' ? null : s;
  }

  async byUsername(username: string): Promise<ExistingUser | null> {
    const id = await this.userIdOf(username);
    return id ? this.account(id) : null;
  }
}
