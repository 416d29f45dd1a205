import { createHash } from 'node:crypto';

/**
 * SM3 Merkle tree over the event hashes of a seal's position range (完整性封印).
 *
 * Precisely (RFC 6962 shape, with SM3 instead of SHA-256):
 *   leaf(h)      = SM3(0x00 ‖ bytes(h))            h = the event's 64-hex SM3 `hash`, in position order
 *   node(l, r)   = SM3(0x01 ‖ l ‖ r)                l, r = 32-byte child digests
 *   level k + 1  = pairs of level k, left to right; an odd last node is PROMOTED unchanged to the next
 *                  level (never duplicated: duplication lets [a,b,c] and [a,b,c,c] share a root).
 *   root         = the single node left; the root of one leaf is that leaf; the root of no leaves is
 *                  SM3 of the empty string (a seal never covers an empty range, but the function is total).
 * The 0x00/0x01 prefixes separate leaves from inner nodes, so an inner node can never pass for a leaf.
 * Output: lower-case hex.
 */

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

function sm3(...parts: Buffer[]): Buffer {
  const h = createHash('sm3');
  for (const p of parts) h.update(p);
  return h.digest();
}

function hexBytes(hex: string): Buffer {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new TypeError(`not a 64-hex SM3 digest: ${hex.slice(0, 80)}`);
  return Buffer.from(hex, 'hex');
}

export function merkleLeaf(eventHashHex: string): string {
  return sm3(LEAF, hexBytes(eventHashHex)).toString('hex');
}

export function merkleNode(leftHex: string, rightHex: string): string {
  return sm3(NODE, hexBytes(leftHex), hexBytes(rightHex)).toString('hex');
}

/** The Merkle root of event hashes given in position order. */
export function merkleRoot(eventHashesInPositionOrder: readonly string[]): string {
  if (eventHashesInPositionOrder.length === 0) return sm3().toString('hex');
  let level: Buffer[] = eventHashesInPositionOrder.map((h) => sm3(LEAF, hexBytes(h)));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(sm3(NODE, level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0].toString('hex');
}

/** Incremental form for long ranges (the verifier streams $all): same root as `merkleRoot`, O(log n) memory. */
export class MerkleBuilder {
  /** stack[k] = root of a complete subtree of 2^k leaves still waiting for a right sibling, or undefined. */
  private readonly stack: (Buffer | undefined)[] = [];
  private n = 0;

  add(eventHashHex: string): void {
    let node = sm3(LEAF, hexBytes(eventHashHex));
    let k = 0;
    while (this.stack[k] !== undefined) {
      node = sm3(NODE, this.stack[k] as Buffer, node);
      this.stack[k] = undefined;
      k++;
    }
    this.stack[k] = node;
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  /**
   * Folding the pending complete subtrees from the smallest up gives exactly the promote-odd tree:
   * with promotion, a level's lone last node climbs unchanged until it meets a left sibling.
   */
  root(): string {
    if (this.n === 0) return sm3().toString('hex');
    let acc: Buffer | undefined;
    for (const node of this.stack) {
      if (node === undefined) continue;
      acc = acc === undefined ? node : sm3(NODE, node, acc);
    }
    return (acc as Buffer).toString('hex');
  }
}
