import type { Command, Decider } from '../../shared/decider';
import { DomainError, assertNever } from '../../shared/errors';

/**
 * 用户名占用 (username reservation). Username uniqueness crosses aggregates (every user is its own
 * stream), so each username has its own tiny stream `username-<name>`: hiring first appends
 * `UsernameReserved` there with the expected revision folded by the command pipeline ('no_stream'
 * for a fresh name). Two concurrent hires of the same name race on that append; the store lets one
 * win and the loser's retry sees the reservation and is refused ('user.username_taken'). Reserving
 * again for the same user, or by a retry of the same hire request (same command id, recorded in the
 * event), is a no-op, so a retried hire goes through — with the user id of the first attempt.
 * A failed hire releases its reservation (`UsernameReleased`); deactivated users keep their name.
 */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;

export type UsernameEvent =
  /** `commandId`: the hire request that reserved it, so that a retry of that request (same Idempotency-Key) finds it. */
  | { type: 'UsernameReserved'; data: { username: string; userId: string; commandId: string | null } }
  | { type: 'UsernameReleased'; data: { username: string; userId: string } };

export const USERNAME_EVENT_TYPES: readonly UsernameEvent['type'][] = ['UsernameReserved', 'UsernameReleased'];

export type UsernameState = { status: 'free' } | { status: 'reserved'; userId: string; commandId: string | null };

export type UsernameCommand =
  | Command<'ReserveUsername', { username: string; userId: string; commandId: string | null }>
  | Command<'ReleaseUsername', { username: string; userId: string }>;

export function evolveUsername(state: UsernameState, event: UsernameEvent): UsernameState {
  switch (event.type) {
    case 'UsernameReserved':
      return { status: 'reserved', userId: event.data.userId, commandId: event.data.commandId ?? null };
    case 'UsernameReleased':
      return { status: 'free' };
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}

export function decideUsername(command: UsernameCommand, state: UsernameState): UsernameEvent[] {
  const { username, userId } = command.data;
  switch (command.type) {
    case 'ReserveUsername': {
      if (!USERNAME_PATTERN.test(username)) {
        throw new DomainError(
          'invalid',
          'user.bad_username',
          '用户名须以小写字母开头，由 3–32 位小写字母、数字、点、下划线或连字符组成',
          'username',
        );
      }
      const commandId = command.data.commandId;
      if (state.status === 'reserved') {
        // the same user, or a retry of the hire request that reserved it (it continues with state.userId)
        if (state.userId === userId || (commandId !== null && state.commandId === commandId)) return [];
        throw new DomainError('conflict', 'user.username_taken', `用户名 ${username} 已被占用`, 'username');
      }
      return [{ type: 'UsernameReserved', data: { username, userId, commandId } }];
    }
    case 'ReleaseUsername':
      if (state.status !== 'reserved' || state.userId !== userId) return [];
      return [{ type: 'UsernameReleased', data: { username, userId } }];
    default:
      return assertNever(command);
  }
}

export const usernameDecider: Decider<UsernameCommand, UsernameEvent, UsernameState> = {
  initialState: () => ({ status: 'free' }),
  decide: decideUsername,
  evolve: evolveUsername,
};
