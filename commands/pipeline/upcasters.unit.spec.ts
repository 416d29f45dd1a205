import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { UpcasterRegistry } from './upcasters';

const ev = (type: string, schemaVersion: number, data: unknown): RecordedEvent => ({
  id: 'e1',
  type,
  schemaVersion,
  streamId: 's-1',
  revision: 0,
  position: 1,
  data,
  metadata: { actorId: 'u', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' },
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '0',
  hash: '1',
});

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry()
    .register('UserHired', 1, (d: { fullName: string }) => ({ name: d.fullName }))
    .register('UserHired', 2, (d: { name: string }) => ({ ...d, gender: null }));

  it('knows the current version of each type (1 when nothing is registered)', () => {
    expect(registry.currentVersion('UserHired')).toBe(3);
    expect(registry.currentVersion('UnitCreated')).toBe(1);
  });

  it('lifts an old event step by step to the current version', () => {
    const up = registry.upcast(ev('UserHired', 1, { fullName: '张三' }));
    expect(up.schemaVersion).toBe(3);
    expect(up.data).toEqual({ name: '张三', gender: null });
  });

  it('starts from the stored version', () => {
    const up = registry.upcast(ev('UserHired', 2, { name: '李四' }));
    expect(up.data).toEqual({ name: '李四', gender: null });
  });

  it('does not touch current events, other types, or the stored object', () => {
    const current = ev('UserHired', 3, { name: '王五', gender: 'male' });
    expect(registry.upcast(current)).toBe(current);
    const other = ev('UnitCreated', 1, { name: 'x' });
    expect(registry.upcast(other)).toBe(other);
    const old = ev('UserHired', 1, { fullName: '赵六' });
    registry.upcast(old);
    expect(old.data).toEqual({ fullName: '赵六' });
    expect(old.schemaVersion).toBe(1);
  });

  it('refuses a second upcaster for the same step and reports a gap on read', () => {
    expect(() => registry.register('UserHired', 1, (d) => d)).toThrow(/already registered/);
    const gappy = new UpcasterRegistry().register('X', 2, (d) => d);
    expect(gappy.currentVersion('X')).toBe(3);
    expect(() => gappy.upcast(ev('X', 1, {}))).toThrow(/no upcaster for X v1/);
  });
});
