import { sm2 } from 'sm-crypto-v2';
import { GENESIS_HASH, type RecordedEvent } from '../../domain/eventstore/envelope';
import { eventHash } from '../../domain/eventstore/integrity';
import type { EventStore } from '../../domain/eventstore/port';
import { MerkleBuilder } from '../../commands/integrity/merkle';
import {
  isIntegritySealedData,
  keyFingerprint,
  SEAL_EVENT_TYPE,
  SEAL_STREAM,
  verifySealSignature,
  type IntegritySealedData,
} from '../../commands/integrity/seal';

/**
 * The offline verifier (完整性校验). It trusts nothing but the SM3/SM2 maths and, when given, the
 * install's public seal key:
 *  - every stream's chain, read from $all in position order: revisions contiguous from 0, each
 *    `prevHash` = the previous event's stored `hash` (GENESIS for revision 0), each `hash` recomputed
 *    from the event's content;
 *  - every seal in `$system-seals`: ranges contiguous from position 1, well formed, SM2 signature valid,
 *    signed by the trusted key (or, unpinned, by the same key as the first seal), and the range's
 *    count + Merkle root recomputed from the RECOMPUTED hashes of the events now stored there — so a
 *    forger who edits an event and then re-chains its stream consistently is still caught by the seal.
 * What the chain cannot see, the seal does: a removed last event of a stream, events moved between
 * positions of different streams, a whole stream removed.
 * The first problem reported is the first broken event in position order; seal-only findings come after.
 */

export type ProblemKind =
  | 'hash' // content does not hash to the stored hash: edited
  | 'prev-hash' // prevHash is not the previous event's hash
  | 'revision-gap' // revision(s) missing before this event: removed
  | 'reordered' // revisions out of order in position order: reordered
  | 'position-order' // $all positions not strictly increasing
  | 'seal-malformed'
  | 'seal-gap' // seal ranges not contiguous
  | 'seal-signature'
  | 'seal-key'
  | 'seal-count' // number of events in the range differs: removed or added
  | 'seal-root' // Merkle root differs: edited, reordered or replaced
  | 'seal-missing'; // an event stayed unsealed longer than allowed (seals removed, or the sealer not running)

export interface VerifyProblem {
  kind: ProblemKind;
  streamId?: string;
  revision?: number;
  position?: number;
  eventId?: string;
  /** For seal problems: the seal's revision in $system-seals and its range. */
  seal?: { revision: number; fromPosition: number; toPosition: number };
  /** Chinese, for the auditor. */
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  streams: number;
  seals: number;
  /** The last position covered by a seal (0 when none). */
  lastSealedPosition: number;
  /** Events after lastSealedPosition (chain-checked only). */
  unsealedEvents: number;
  headPosition: number;
  /** recordedAt of the oldest unsealed business (non-seal) event, when there is one. */
  oldestUnsealedAt?: string;
  /** The key the seals were checked against. */
  publicKeyFingerprint?: string;
  /** True when that key came from the caller (key file / --public-key), not from the seals themselves. */
  keyPinned: boolean;
  firstProblem?: VerifyProblem;
  /** Up to `maxProblems`, chain problems (position order) first, then seal problems. */
  problems: VerifyProblem[];
  problemCount: number;
  durationMs: number;
}

export interface VerifyOptions {
  /** The install's seal public key (hex). Without it the first seal's key is trusted, and the report says so. */
  trustedPublicKey?: string;
  pageSize?: number;
  maxProblems?: number;
  /**
   * When set, a business event left unsealed for longer than this (by its recordedAt, against `now`) is
   * a problem: it catches a truncation that removed the last seals (or all of them) together with the
   * events after them, which the chain alone cannot see — provided the sealer is known to run.
   */
  maxUnsealedAgeMinutes?: number;
  now?: () => Date;
  /** Called after each page of $all with the events checked so far and the head when the run began (progress bars). */
  onProgress?: (checked: number, head: number) => void | Promise<void>;
}

interface SealCheck {
  revision: number;
  data: IntegritySealedData;
  merkle: MerkleBuilder;
  firstMissingPosition?: number;
  lastPosition: number;
}

interface StreamState {
  next: number;
  lastHash: string;
  /** The open revision-gap problem of this stream, turned into 'reordered' if a "missing" revision shows up. */
  gap?: { problem: VerifyProblem; from: number; to: number };
}

const where = (p: { streamId?: string; revision?: number; position?: number }): string =>
  `流 ${p.streamId} 修订号 ${p.revision} 位置 ${p.position}`;

export async function verifyStore(store: EventStore, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const started = Date.now();
  const pageSize = opts.pageSize ?? 5000;
  const maxProblems = opts.maxProblems ?? 100;
  const chainProblems: VerifyProblem[] = [];
  const sealProblems: VerifyProblem[] = [];
  let chainProblemCount = 0;
  let sealProblemCount = 0;
  const chain = (p: VerifyProblem): VerifyProblem => {
    chainProblemCount++;
    if (chainProblems.length < maxProblems) chainProblems.push(p);
    return p;
  };
  const sealProblem = (p: VerifyProblem): void => {
    sealProblemCount++;
    if (sealProblems.length < maxProblems) sealProblems.push(p);
  };

  // 1. The seals, read first so that $all can be checked range by range in one pass.
  const sealEvents = await store.readStream(SEAL_STREAM);
  let trustedKey = opts.trustedPublicKey?.toLowerCase();
  const keyPinned = trustedKey !== undefined;
  const seals: SealCheck[] = [];
  let expectedFrom = 1;
  for (const e of sealEvents) {
    const sealRef = (d?: IntegritySealedData) =>
      d ? { revision: e.revision, fromPosition: d.fromPosition, toPosition: d.toPosition } : undefined;
    if (
      e.type !== SEAL_EVENT_TYPE ||
      !isIntegritySealedData(e.data) ||
      e.data.fromPosition > e.data.toPosition ||
      (e.position > 0 && e.data.toPosition >= e.position)
    ) {
      sealProblem({
        kind: 'seal-malformed',
        streamId: SEAL_STREAM,
        revision: e.revision,
        position: e.position,
        eventId: e.id,
        message: `封印事件格式错误: ${where(e)} (not a well-formed IntegritySealed event)`,
      });
      continue;
    }
    const d = e.data;
    const ref = { streamId: SEAL_STREAM, revision: e.revision, position: e.position, eventId: e.id, seal: sealRef(d) };
    if (!verifySealSignature(d)) {
      sealProblem({
        kind: 'seal-signature',
        ...ref,
        message: `封印签名无效: 封印 #${e.revision} 覆盖位置 ${d.fromPosition}–${d.toPosition} (SM2 signature does not verify)`,
      });
      expectedFrom = d.toPosition + 1; // its range is claimed: do not also report the next seal as a gap
      continue;
    }
    if (trustedKey === undefined) trustedKey = d.publicKey.toLowerCase();
    if (!sm2.comparePublicKeyHex(trustedKey, d.publicKey.toLowerCase())) {
      sealProblem({
        kind: 'seal-key',
        ...ref,
        message: `封印由未受信任的密钥签署: 封印 #${e.revision} 密钥指纹 ${keyFingerprint(d.publicKey)} (not the trusted seal key)`,
      });
      expectedFrom = d.toPosition + 1;
      continue;
    }
    if (d.fromPosition !== expectedFrom) {
      sealProblem({
        kind: 'seal-gap',
        ...ref,
        position: Math.min(expectedFrom, d.fromPosition),
        message: `封印范围不连续: 封印 #${e.revision} 从位置 ${d.fromPosition} 开始，应从 ${expectedFrom} 开始 (seal ranges must be contiguous)`,
      });
      if (d.fromPosition < expectedFrom) continue; // overlapping: cannot check its range cleanly
    }
    expectedFrom = d.toPosition + 1;
    seals.push({ revision: e.revision, data: d, merkle: new MerkleBuilder(), lastPosition: d.fromPosition - 1 });
  }

  const closeSeal = (s: SealCheck): void => {
    const d = s.data;
    if (s.lastPosition < d.toPosition && s.firstMissingPosition === undefined && s.merkle.count < d.count) {
      s.firstMissingPosition = s.lastPosition + 1;
    }
    const ref = {
      streamId: SEAL_STREAM,
      revision: s.revision,
      seal: { revision: s.revision, fromPosition: d.fromPosition, toPosition: d.toPosition },
    };
    if (s.merkle.count !== d.count) {
      const missing = s.firstMissingPosition !== undefined ? `，首个缺失位置 ${s.firstMissingPosition}` : '';
      sealProblem({
        kind: 'seal-count',
        ...ref,
        position: s.firstMissingPosition ?? d.fromPosition,
        message: `封印范围内事件数不符: 封印 #${s.revision} 覆盖位置 ${d.fromPosition}–${d.toPosition} 应有 ${d.count} 个事件，现有 ${s.merkle.count} 个${missing} (events removed or added)`,
      });
    } else if (s.merkle.root() !== d.merkleRoot) {
      sealProblem({
        kind: 'seal-root',
        ...ref,
        position: d.fromPosition,
        message: `封印默克尔根不符: 封印 #${s.revision} 覆盖位置 ${d.fromPosition}–${d.toPosition} (events edited, reordered or replaced)`,
      });
    }
  };

  // 2. $all, in position order, once.
  const streams = new Map<string, StreamState>();
  let events = 0;
  let lastPosition = 0;
  let sealIdx = 0;
  let cursor = 1;
  const lastSealed = seals.length > 0 ? seals[seals.length - 1].data.toPosition : 0;
  let unsealed = 0;
  let oldestUnsealed: RecordedEvent | undefined;
  const progressHead = opts.onProgress ? await store.headPosition() : 0;
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ fromPosition: cursor, limit: pageSize });
    if (page.length === 0) break;
    for (const e of page) {
      events++;
      const ref = { streamId: e.streamId, revision: e.revision, position: e.position, eventId: e.id };
      if (e.position <= lastPosition) {
        chain({
          kind: 'position-order',
          ...ref,
          message: `全局位置未递增: ${where(e)} 出现在位置 ${lastPosition} 之后 (positions out of order)`,
        });
      }
      let recomputed: string;
      try {
        recomputed = eventHash(e);
      } catch {
        recomputed = '';
      }

      // The stream's chain.
      let st = streams.get(e.streamId);
      if (!st) {
        st = { next: 0, lastHash: GENESIS_HASH };
        streams.set(e.streamId, st);
      }
      if (e.revision !== st.next) {
        if (e.revision > st.next) {
          const missing = e.revision - 1 === st.next ? `${st.next}` : `${st.next}–${e.revision - 1}`;
          const problem = chain({
            kind: 'revision-gap',
            streamId: e.streamId,
            revision: st.next,
            position: e.position,
            eventId: e.id,
            message: `事件缺失: 流 ${e.streamId} 修订号 ${missing} 不存在，位置 ${e.position} 处为修订号 ${e.revision} (event removed)`,
          });
          st.gap = { problem, from: st.next, to: e.revision - 1 };
        } else if (st.gap && e.revision >= st.gap.from && e.revision <= st.gap.to) {
          // The "missing" revision shows up later: the events were reordered, not removed.
          const p = st.gap.problem;
          p.kind = 'reordered';
          p.message = `事件顺序被篡改: 流 ${e.streamId} 位置 ${p.position} 处应为修订号 ${p.revision}，修订号 ${e.revision} 出现在其后的位置 ${e.position} (events reordered)`;
          st.gap = undefined;
        } else {
          chain({ kind: 'reordered', ...ref, message: `修订号重复或倒序: ${where(e)}，应为修订号 ${st.next} (revision out of order)` });
        }
      } else if (e.prevHash !== st.lastHash) {
        chain({
          kind: 'prev-hash',
          ...ref,
          message: `哈希链断裂: ${where(e)} 的 prevHash 不是上一事件的哈希 (chain broken before this event)`,
        });
      }
      if (recomputed !== e.hash) {
        chain({ kind: 'hash', ...ref, message: `事件内容被修改: ${where(e)} 的内容与其哈希不符 (event edited)` });
      }
      st.next = Math.max(st.next, e.revision + 1);
      st.lastHash = e.hash;

      // The seal whose range holds this position.
      while (sealIdx < seals.length && e.position > seals[sealIdx].data.toPosition) closeSeal(seals[sealIdx++]);
      const s = seals[sealIdx];
      if (s && e.position >= s.data.fromPosition) {
        if (e.position > s.lastPosition + 1 && s.firstMissingPosition === undefined) s.firstMissingPosition = s.lastPosition + 1;
        s.merkle.add(/^[0-9a-f]{64}$/.test(recomputed) ? recomputed : GENESIS_HASH);
        s.lastPosition = e.position;
      }
      if (e.position > lastSealed) {
        unsealed++;
        if (e.streamId !== SEAL_STREAM && oldestUnsealed === undefined) oldestUnsealed = e;
      }
      lastPosition = Math.max(lastPosition, e.position);
    }
    cursor = page[page.length - 1].position + 1;
    await opts.onProgress?.(events, progressHead);
  }
  while (sealIdx < seals.length) closeSeal(seals[sealIdx++]);
  if (opts.maxUnsealedAgeMinutes !== undefined && oldestUnsealed) {
    const now = (opts.now ?? (() => new Date()))().getTime();
    const ageMin = (now - Date.parse(oldestUnsealed.recordedAt)) / 60_000;
    if (ageMin > opts.maxUnsealedAgeMinutes) {
      const e = oldestUnsealed;
      sealProblem({
        kind: 'seal-missing',
        streamId: e.streamId,
        revision: e.revision,
        position: e.position,
        eventId: e.id,
        message: `事件长期未封印: ${where(e)} 记录于 ${e.recordedAt}，已超过 ${opts.maxUnsealedAgeMinutes} 分钟 (seals removed, or the sealer is not running)`,
      });
    }
  }

  const problems = [...chainProblems, ...sealProblems].slice(0, maxProblems);
  return {
    ok: chainProblemCount + sealProblemCount === 0,
    events,
    streams: streams.size,
    seals: sealEvents.length,
    lastSealedPosition: lastSealed,
    unsealedEvents: unsealed,
    headPosition: lastPosition,
    oldestUnsealedAt: oldestUnsealed?.recordedAt,
    publicKeyFingerprint: trustedKey ? keyFingerprint(trustedKey) : undefined,
    keyPinned,
    firstProblem: problems[0],
    problems,
    problemCount: chainProblemCount + sealProblemCount,
    durationMs: Date.now() - started,
  };
}
