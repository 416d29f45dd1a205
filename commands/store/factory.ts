import type { EventStore } from '../../domain/eventstore/port';

/**
 * Picks the event-store adapter from configuration (ARCHITECTURE §4):
 *   EVENT_STORE=sqlite:./data/oa.db | sqlite::memory: | postgres://…[?schema=…&pool=…] | esdb://…
 * Adapters are imported lazily so that a deployment loads only the driver it uses.
 */
interface EsdbModule {
  createEsdbEventStore(url: string): Promise<EventStore>;
}

export async function createEventStore(url: string): Promise<EventStore> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const { createSqliteEventStore } = await import('./sqlite-event-store');
      return createSqliteEventStore(url);
    }
    case 'postgres':
    case 'postgresql': {
      const { createPostgresEventStore } = await import('./postgres-event-store');
      return createPostgresEventStore(url);
    }
    case 'esdb':
    case 'esdb+discover':
    case 'kurrentdb':
    case 'kurrentdb+discover':
    case 'kdb':
    case 'kdb+discover': {
      // Written by another part (helper H2); a computed specifier keeps this file compiling without it.
      const specifier = './esdb-event-store';
      const mod = (await import(/* @vite-ignore */ specifier)) as EsdbModule;
      return mod.createEsdbEventStore(url);
    }
    default:
      throw new Error(`EVENT_STORE: unsupported URL ${JSON.stringify(url)} (expected sqlite:, postgres:// or esdb://)`);
  }
}
