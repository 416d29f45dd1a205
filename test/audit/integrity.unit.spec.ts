import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { sm3Hex } from '../../domain/eventstore/integrity';
import { MerkleBuilder, merkleLeaf, merkleNode, merkleRoot } from '../../commands/integrity/merkle';
import { generateSealKeyPair, sealMessage, signSeal, verifySealSignature } from '../../commands/integrity/seal';
import { loadOrCreateSealKey, readSealPublicKey, SEAL_KEY_FILE, SEAL_SECRET_FILE } from '../../commands/integrity/keystore';

const h = (s: string) => sm3Hex(s);

describe('SM3 Merkle tree', () => {
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(h);

  it('is defined leaf = SM3(00‖h), node = SM3(01‖l‖r), odd node promoted', () => {
    expect(merkleRoot([a])).toBe(merkleLeaf(a));
    expect(merkleLeaf(a)).toBe(sm3Hex(Buffer.concat([Buffer.from([0]), Buffer.from(a, 'hex')])));
    expect(merkleRoot([a, b])).toBe(merkleNode(merkleLeaf(a), merkleLeaf(b)));
    const ab = merkleNode(merkleLeaf(a), merkleLeaf(b));
    const cd = merkleNode(merkleLeaf(c), merkleLeaf(d));
    expect(merkleRoot([a, b, c])).toBe(merkleNode(ab, merkleLeaf(c)));
    expect(merkleRoot([a, b, c, d, e])).toBe(merkleNode(merkleNode(ab, cd), merkleLeaf(e)));
  });

  it('does not give [a,b,c] and [a,b,c,c] the same root (no duplication of the odd node)', () => {
    expect(merkleRoot([a, b, c])).not.toBe(merkleRoot([a, b, c, c]));
  });

  it('depends on order', () => {
    expect(merkleRoot([a, b, c])).not.toBe(merkleRoot([b, a, c]));
  });

  it('the incremental builder gives the same root as the level-by-level definition, for any length', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 0, maxLength: 70 }), (xs) => {
        const hashes = xs.map(h);
        const m = new MerkleBuilder();
        for (const x of hashes) m.add(x);
        expect(m.count).toBe(hashes.length);
        expect(m.root()).toBe(merkleRoot(hashes));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects anything that is not a 64-hex digest', () => {
    expect(() => merkleRoot(['xyz'])).toThrow(TypeError);
  });
});

describe('SM2 seal signature', () => {
  const key = generateSealKeyPair();
  const body = { fromPosition: 1, toPosition: 3, count: 3, merkleRoot: merkleRoot([h('1'), h('2'), h('3')]) };

  it('signs the canonical message', () => {
    expect(sealMessage(body)).toBe(
      `{"algorithm":"SM2-SM3","count":3,"fromPosition":1,"merkleRoot":"${body.merkleRoot}","toPosition":3,"v":1}`,
    );
    const seal = signSeal(body, key);
    expect(seal).toMatchObject({ ...body, publicKey: key.publicKey, algorithm: 'SM2-SM3' });
    expect(verifySealSignature(seal)).toBe(true);
  });

  it('fails when any signed field or the key changes', () => {
    const seal = signSeal(body, key);
    expect(verifySealSignature({ ...seal, toPosition: 4 })).toBe(false);
    expect(verifySealSignature({ ...seal, count: 2 })).toBe(false);
    expect(verifySealSignature({ ...seal, fromPosition: 2 })).toBe(false);
    expect(verifySealSignature({ ...seal, merkleRoot: h('x') })).toBe(false);
    expect(verifySealSignature({ ...seal, publicKey: generateSealKeyPair().publicKey })).toBe(false);
    expect(verifySealSignature({ ...seal, signature: 'zz' })).toBe(false);
  });
});

describe('seal key file', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'oa-seal-key-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is generated on first use, reloaded later, and keeps the private key encrypted', () => {
    const dir = tmp();
    const k1 = loadOrCreateSealKey({ dataDir: dir, passphrase: '正确的口令' });
    const k2 = loadOrCreateSealKey({ dataDir: dir, passphrase: '正确的口令' });
    expect(k2).toEqual(k1);
    const file = readFileSync(join(dir, SEAL_KEY_FILE), 'utf8');
    expect(file).not.toContain(k1.privateKey);
    expect(JSON.parse(file).encryptedPrivateKey.cipher).toBe('SM4-GCM');
    expect(readSealPublicKey(dir)).toBe(k1.publicKey);
    expect(verifySealSignature(signSeal({ fromPosition: 1, toPosition: 1, count: 1, merkleRoot: h('a') }, k2))).toBe(true);
  });

  it('refuses a wrong passphrase and a swapped public key', () => {
    const dir = tmp();
    loadOrCreateSealKey({ dataDir: dir, passphrase: 'right' });
    expect(() => loadOrCreateSealKey({ dataDir: dir, passphrase: 'wrong' })).toThrow(/无法解密/);
    const path = join(dir, SEAL_KEY_FILE);
    const f = JSON.parse(readFileSync(path, 'utf8'));
    f.publicKey = generateSealKeyPair().publicKey;
    rmSync(path);
    writeFileSync(path, JSON.stringify(f));
    expect(() => loadOrCreateSealKey({ dataDir: dir, passphrase: 'right' })).toThrow(/无法解密/);
  });

  it('without a passphrase uses a per-install secret file', () => {
    const dir = tmp();
    const saved = process.env.OA_SEAL_KEY_PASSPHRASE;
    delete process.env.OA_SEAL_KEY_PASSPHRASE;
    try {
      const k1 = loadOrCreateSealKey({ dataDir: dir });
      expect(readFileSync(join(dir, SEAL_SECRET_FILE), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      expect(loadOrCreateSealKey({ dataDir: dir })).toEqual(k1);
      rmSync(join(dir, SEAL_SECRET_FILE));
      expect(() => loadOrCreateSealKey({ dataDir: dir })).toThrow(/无法解密/);
    } finally {
      if (saved !== undefined) process.env.OA_SEAL_KEY_PASSPHRASE = saved;
    }
  });
});
