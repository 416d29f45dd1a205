import { randomFillSync } from 'node:crypto';

/**
 * uuid v7 (RFC 9562) for event ids, built for the append path: 48-bit Unix milliseconds, then the
 * version and variant bits around a 12-bit counter (`rand_a` used as a counter, RFC 9562 §6.2 method 1)
 * so ids made in the same millisecond by this process still sort in creation order, and 62 random
 * bits from a pooled CSPRNG buffer. Several times faster than the `uuid` package, which draws 16 fresh
 * random bytes per id.
 */
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL_SIZE = 8 * 1024;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;
let lastMs = -1;
let counter = 0;

function random8(): Buffer {
  if (poolOffset + 8 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + 8);
  poolOffset += 8;
  return out;
}

export function uuidv7(nowMs: number = Date.now()): string {
  let ms = nowMs;
  if (ms > lastMs) {
    lastMs = ms;
    counter = random8()[0] & 0x7f; // start low in the 12-bit range, leaving room to count up
  } else {
    ms = lastMs; // clock went back or same millisecond: keep order
    counter++;
    if (counter > 0xfff) {
      lastMs = ++ms; // counter exhausted: borrow the next millisecond
      counter = 0;
    }
  }
  const r = random8();
  const hi = Math.floor(ms / 0x1_0000_0000);
  const lo = ms >>> 0;
  return (
    HEX[(hi >>> 8) & 0xff] +
    HEX[hi & 0xff] +
    HEX[lo >>> 24] +
    HEX[(lo >>> 16) & 0xff] +
    '-' +
    HEX[(lo >>> 8) & 0xff] +
    HEX[lo & 0xff] +
    '-' +
    HEX[0x70 | (counter >>> 8)] +
    HEX[counter & 0xff] +
    '-' +
    HEX[0x80 | (r[0] & 0x3f)] +
    HEX[r[1]] +
    '-' +
    HEX[r[2]] +
    HEX[r[3]] +
    HEX[r[4]] +
    HEX[r[5]] +
    HEX[r[6]] +
    HEX[r[7]]
  );
}
