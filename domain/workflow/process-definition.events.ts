/**
 * ProcessDefinition (流程定义) aggregate: events and state. Stream `process-definition-<key>`.
 * Every publish is a new immutable version; instances freeze the version they started with.
 */
import { assertNever } from '../shared/errors';
import type { DomainEvent } from '../shared/decider';
import type { DefinitionSnapshot } from './definition';

export const definitionStreamId = (key: string) => `process-definition-${key}`;

export type DefinitionPublished = DomainEvent<'DefinitionPublished', DefinitionSnapshot & { publishedBy: string; publishedAt: string }>;
/** 停用: no new instance may start on this key; running instances finish on their version. */
export type DefinitionRetired = DomainEvent<
  'DefinitionRetired',
  { key: string; version: number; reason: string; retiredBy: string; retiredAt: string }
>;

export type DefinitionEvent = DefinitionPublished | DefinitionRetired;

export interface DefinitionState {
  key: string | null;
  /** Every published version, by number. */
  versions: Record<number, DefinitionSnapshot>;
  latestVersion: number;
  retired: boolean;
}

export const initialDefinitionState = (): DefinitionState => ({ key: null, versions: {}, latestVersion: 0, retired: false });

export function evolveDefinition(s: DefinitionState, e: DefinitionEvent): DefinitionState {
  switch (e.type) {
    case 'DefinitionPublished': {
      const { publishedBy: _by, publishedAt: _at, ...snapshot } = e.data;
      return { key: e.data.key, versions: { ...s.versions, [e.data.version]: snapshot }, latestVersion: e.data.version, retired: false };
    }
    case 'DefinitionRetired':
      return { ...s, retired: true };
    default:
      return assertNever(e);
  }
}

/** The version new instances start on, or null when none is published or the key is retired. */
export function currentDefinition(s: DefinitionState): DefinitionSnapshot | null {
  if (s.retired || s.latestVersion === 0) return null;
  return s.versions[s.latestVersion] ?? null;
}
