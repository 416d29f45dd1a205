import { describe, expect, it } from 'vitest';
import { meta, spec } from '../../../test/support/gwt';
import { type UsernameCommand, type UsernameEvent, usernameDecider } from './username';

const cmd = (c: Omit<UsernameCommand, 'metadata'>) => ({ ...c, metadata: meta() }) as UsernameCommand;
const reserved: UsernameEvent = { type: 'UsernameReserved', data: { username: 'zhangsan', userId: 'u1', commandId: 'req-1' } };
const names = spec(usernameDecider);

describe('Username reservation (用户名占用)', () => {
  it('reserves a free name; the same user again is a no-op; another user is refused', () => {
    names
      .given([])
      .when(cmd({ type: 'ReserveUsername', data: { username: 'zhangsan', userId: 'u1', commandId: 'req-1' } }))
      .then([reserved]);
    names
      .given([reserved])
      .when(cmd({ type: 'ReserveUsername', data: { username: 'zhangsan', userId: 'u1', commandId: 'req-1' } }))
      .then([]);
    names
      .given([reserved])
      .when(cmd({ type: 'ReserveUsername', data: { username: 'zhangsan', userId: 'u2', commandId: null } }))
      .thenThrows('user.username_taken');
    names
      .given([reserved])
      .when(cmd({ type: 'ReserveUsername', data: { username: 'zhangsan', userId: 'u2', commandId: 'req-2' } }))
      .thenThrows('user.username_taken');
  });
  it('a retry of the request that reserved the name (same command id, another generated user id) is a no-op', () => {
    const g = names.given([reserved]);
    g.when(cmd({ type: 'ReserveUsername', data: { username: 'zhangsan', userId: 'u9', commandId: 'req-1' } })).then([]);
    expect(g.state).toEqual({ status: 'reserved', userId: 'u1', commandId: 'req-1' });
  });
  it('refuses a malformed name', () => {
    names
      .given([])
      .when(cmd({ type: 'ReserveUsername', data: { username: '张三', userId: 'u1', commandId: null } }))
      .thenThrows('user.bad_username');
    names
      .given([])
      .when(cmd({ type: 'ReserveUsername', data: { username: 'ab', userId: 'u1', commandId: null } }))
      .thenThrows('user.bad_username');
  });
  it('release frees the name for someone else; only the holder releases', () => {
    const released: UsernameEvent = { type: 'UsernameReleased', data: { username: 'zhangsan', userId: 'u1' } };
    names
      .given([reserved])
      .when(cmd({ type: 'ReleaseUsername', data: { username: 'zhangsan', userId: 'u2' } }))
      .then([]);
    names
      .given([reserved])
      .when(cmd({ type: 'ReleaseUsername', data: { username: 'zhangsan', userId: 'u1' } }))
      .then([released]);
    names
      .given([reserved, released])
      .when(cmd({ type: 'ReserveUsername', data: { username: 'zhangsan', userId: 'u2', commandId: null } }))
      .then([{ type: 'UsernameReserved', data: { username: 'zhangsan', userId: 'u2', commandId: null } }]);
  });
});
