import type { RecordedEvent } from '../../domain/eventstore/envelope';

/**
 * Upcaster registry (ARCHITECTURE §3): old events are never rewritten; on read, an event of
 * (`type`, `schemaVersion` v) is lifted by the upcaster registered for (type, v) to v+1, repeatedly,
 * until it reaches the type's current version (the highest registered fromVersion + 1; 1 when none).
 * Writers stamp new events with `currentVersion(type)`.
 *
 * Public API:
 *   const upcasters = new UpcasterRegistry()
 *     .register('UserHired', 1, (data) => ({ ...data, gender: null }));   // v1 → v2
 *   upcasters.currentVersion('UserHired')   // 2
 *   upcasters.upcast(recordedEvent)          // a copy at the current version (same object when already current)
 *
 * An event at a version above the current one (written by newer code) is returned unchanged.
 * A missing step (v1→v2 registered, v2→v3 not, but v3→v4 is) throws on read: a gap is a bug.
 */
export type Upcaster = (data: any, event: RecordedEvent) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export class UpcasterRegistry {
  private readonly steps = new Map<string, Map<number, Upcaster>>();

  register(type: string, fromVersion: number, upcast: Upcaster): this {
    if (!Number.isInteger(fromVersion) || fromVersion < 1) throw new RangeError(`fromVersion must be an integer ≥ 1, got ${fromVersion}`);
    let byVersion = this.steps.get(type);
    if (!byVersion) this.steps.set(type, (byVersion = new Map()));
    if (byVersion.has(fromVersion)) throw new Error(`an upcaster for ${type} v${fromVersion} is already registered`);
    byVersion.set(fromVersion, upcast);
    return this;
  }

  /** The version new events of this type are written at. */
  currentVersion(type: string): number {
    const byVersion = this.steps.get(type);
    if (!byVersion || byVersion.size === 0) return 1;
    return Math.max(...byVersion.keys()) + 1;
  }

  upcast<T extends RecordedEvent>(event: T): T {
    const byVersion = this.steps.get(event.type);
    if (!byVersion) return event;
    const target = this.currentVersion(event.type);
    let version = event.schemaVersion ?? 1;
    if (version >= target) return event;
    let data: unknown = event.data;
    while (version < target) {
      const step = byVersion.get(version);
      if (!step) throw new Error(`no upcaster for ${event.type} v${version} → v${version + 1} (event ${event.id})`);
      data = step(data, event);
      version += 1;
    }
    return { ...event, data, schemaVersion: version };
  }
}
