import * as nodeCrypto from 'node:crypto';
import type { RecordedEvent } from './envelope';

/**
 * Tamper evidence (ARCHITECTURE §3): each event's hash = SM3(prevHash ‖ canonical JSON of the envelope),
 * chained per stream. Pure and deterministic: writers compute it before commit, auditors recompute it.
 */

/** JSON with object keys sorted (recursively), no whitespace; `undefined` members dropped, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in event');
    if (typeof value === 'bigint') throw new TypeError('bigint in event: use a string or a number of fen');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** `crypto.hash` (Node >= 20.12): one native call per digest, no Hash object. */
const oneShot: ((algorithm: string, data: string | Buffer, encoding: 'hex') => string) | undefined =
  typeof (nodeCrypto as { hash?: unknown }).hash === 'function'
    ? (nodeCrypto as unknown as { hash: (a: string, d: string | Buffer, e: 'hex') => string }).hash
    : undefined;

/** SM3 of the input (a string is hashed as its UTF-8 bytes), as 64 lowercase hex digits. */
export function sm3Hex(input: string | Buffer): string {
  if (oneShot !== undefined) return oneShot('sm3', input, 'hex');
  return nodeCrypto.createHash('sm3').update(input).digest('hex');
}

/** The part of an envelope that the hash covers: everything but `position` (global) and `hash` itself. */
export type HashedEnvelope = Omit<RecordedEvent, 'position' | 'hash'>;

export function eventHash(e: HashedEnvelope): string {
  const covered = {
    id: e.id,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    revision: e.revision,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
    prevHash: e.prevHash,
  };
  return sm3Hex(e.prevHash + canonicalJson(covered));
}
