import { sm2 } from 'sm-crypto-v2';
import { canonicalJson, sm3Hex } from '../../domain/eventstore/integrity';

/**
 * The seal (完整性封印) event and its signed message. Pure: no I/O, no clock.
 *
 * A seal covers the global positions [fromPosition, toPosition] of $all, seal events included: the
 * seal stream `$system-seals` is NOT excluded, so seal k's range holds seal k-1's own event and the
 * seals chain into each other (removing or editing a seal event breaks the next seal). Seals are
 * contiguous: seal k+1 starts at seal k's toPosition + 1, and the first seal starts at position 1.
 */

export const SEAL_STREAM = '$system-seals';
export const SEAL_EVENT_TYPE = 'IntegritySealed';
export const SEAL_ALGORITHM = 'SM2-SM3';
/** SM2 signer identity (GM/T 0009-2012 default user id), used for Z_A in both signing and checking. */
export const SEAL_SM2_USER_ID = '1234567812345678';

export interface IntegritySealedData {
  fromPosition: number;
  toPosition: number;
  /** Events stored with a position in [fromPosition, toPosition] (positions may have gaps on PostgreSQL). */
  count: number;
  /** merkleRoot(hashes of those events in position order), see merkle.ts. */
  merkleRoot: string;
  /** Uncompressed SM2 public key, hex ('04' ‖ x ‖ y). */
  publicKey: string;
  /** SM2 signature (r ‖ s, 128 hex) over `sealMessage(...)`, with SM3 + Z_A(user id) hashing. */
  signature: string;
  algorithm: typeof SEAL_ALGORITHM;
}

export type SealBody = Pick<IntegritySealedData, 'fromPosition' | 'toPosition' | 'count' | 'merkleRoot'>;

/**
 * The exact bytes signed: canonical JSON (sorted keys, no spaces) of
 * {algorithm, count, fromPosition, merkleRoot, toPosition, v: 1}, UTF-8.
 * e.g. {"algorithm":"SM2-SM3","count":3,"fromPosition":1,"merkleRoot":"ab…","toPosition":3,"v":1}
 */
export function sealMessage(body: SealBody): string {
  return canonicalJson({
    v: 1,
    algorithm: SEAL_ALGORITHM,
    fromPosition: body.fromPosition,
    toPosition: body.toPosition,
    count: body.count,
    merkleRoot: body.merkleRoot,
  });
}

export interface SealKeyPair {
  publicKey: string;
  privateKey: string;
}

export function generateSealKeyPair(): SealKeyPair {
  const kp = sm2.generateKeyPairHex();
  return { publicKey: kp.publicKey, privateKey: kp.privateKey };
}

export function signSeal(body: SealBody, key: SealKeyPair): IntegritySealedData {
  const signature = sm2.doSignature(sealMessage(body), key.privateKey, {
    hash: true,
    publicKey: key.publicKey,
    userId: SEAL_SM2_USER_ID,
  });
  return { ...body, publicKey: key.publicKey, signature, algorithm: SEAL_ALGORITHM };
}

export function verifySealSignature(seal: IntegritySealedData): boolean {
  if (seal.algorithm !== SEAL_ALGORITHM) return false;
  if (!/^04[0-9a-f]{128}$/i.test(seal.publicKey) || !/^[0-9a-f]{128}$/i.test(seal.signature)) return false;
  try {
    if (!sm2.verifyPublicKey(seal.publicKey)) return false;
    return sm2.doVerifySignature(sealMessage(seal), seal.signature, seal.publicKey, {
      hash: true,
      userId: SEAL_SM2_USER_ID,
    });
  } catch {
    return false;
  }
}

/** A short, comparable fingerprint of a public key (SM3 of its hex, first 16 hex) for reports and logs. */
export function keyFingerprint(publicKey: string): string {
  return sm3Hex(publicKey.toLowerCase()).slice(0, 16);
}

/** Shape check for data read back from the store (anything could have been written there by hand). */
export function isIntegritySealedData(d: unknown): d is IntegritySealedData {
  if (d === null || typeof d !== 'object') return false;
  const o = d as Record<string, unknown>;
  return (
    Number.isSafeInteger(o.fromPosition) &&
    Number.isSafeInteger(o.toPosition) &&
    Number.isSafeInteger(o.count) &&
    typeof o.merkleRoot === 'string' &&
    typeof o.publicKey === 'string' &&
    typeof o.signature === 'string' &&
    o.algorithm === SEAL_ALGORITHM
  );
}
