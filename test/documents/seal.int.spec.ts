import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedPdf, SealResult } from '../../domain/documents/ports';
import { PAGE_H } from '../../reports/documents/layout';
import { GbT9704Renderer } from '../../reports/documents/renderer';
import { Sm2SealService, readSealAnchors, verifySealedBytes, type SealRecord } from '../../reports/documents/seal-service';
import { FileStore } from '../../reports/documents/storage';
import { RedHeaderTemplateStore } from '../../reports/documents/templates';
import { sampleDocument } from './fixtures';
import { countMm, isRed, rasterize, toolsMissing } from './raster';

const dir = mkdtempSync(join(tmpdir(), 'oa-seal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files = new FileStore(dir);
const renderer = new GbT9704Renderer(new RedHeaderTemplateStore(dir), files);
const seals = new Sm2SealService({ dataDir: dir, files, passphrase: 'unit-test-passphrase', now: () => new Date('2026-03-06T02:00:00Z') });
const pathOf = (key: string) => join(dir, 'files', key.slice(7, 9), key.slice(7));

let rendered: RenderedPdf;
let sealed: SealResult;
beforeAll(async () => {
  rendered = await renderer.render({ document: sampleDocument({}, 8), templateId: null });
  sealed = await seals.seal({
    documentId: 'doc-0001',
    unitId: 'unit-czj',
    pdfStorageKey: rendered.storageKey,
    pdfSha256: rendered.pdfSha256,
    actorId: 'clerk-1',
  });
});

describe('电子签章 (SM2 over the SM3 of the final PDF)', () => {
  it('signs the sealed PDF and verifies it; the signature and metadata are kept beside the PDF', async () => {
    expect(sealed.algorithm).toBe('SM2-with-SM3');
    expect(sealed.sourcePdfSha256).toBe(rendered.pdfSha256);
    expect(sealed.sealedStorageKey).not.toBe(rendered.storageKey);
    expect(sealed.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(await seals.verify(sealed)).toEqual({ valid: true, message: '签章有效' });
    const bytes = files.get(sealed.sealedStorageKey);
    // incremental update: the rendered bytes are kept as a prefix, the signature is not inside the PDF
    expect(bytes.subarray(0, rendered.bytes).equals(files.get(rendered.storageKey))).toBe(true);
    expect(bytes.includes(Buffer.from(sealed.signature))).toBe(false);
    const record = files.getSidecar<SealRecord>(sealed.sealedStorageKey, 'seal')!;
    expect(record).toMatchObject({
      sealId: sealed.sealId,
      unitId: 'unit-czj',
      sealName: '某区财政局',
      pdfSm3: sealed.pdfSm3,
      publicKey: sealed.publicKey,
      sealedBy: 'clerk-1',
    });
  });

  it('any byte changed → 签章无效 (a flipped byte anywhere in the stored file)', async () => {
    const path = pathOf(sealed.sealedStorageKey);
    const original = readFileSync(path);
    for (const at of [10, Math.floor(original.length / 2), original.length - 20]) {
      const tampered = Buffer.from(original);
      tampered[at] ^= 0x01;
      writeFileSync(path, tampered);
      const v = await seals.verify(sealed);
      expect(v.valid).toBe(false);
      expect(v.message).toBe('签章无效');
    }
    writeFileSync(path, original);
    expect((await seals.verify(sealed)).valid).toBe(true);
  });

  it("another unit's key → 签章无效; a forged signature by another key over the same bytes → 签章无效", async () => {
    const otherKey = seals.unitKey('unit-fgw');
    expect(otherKey.publicKey).not.toBe(sealed.publicKey);
    expect((await seals.verify({ ...sealed, publicKey: otherKey.publicKey })).message).toBe('签章无效');
    // a valid signature made with the other unit's key does not pass as this unit's seal (registered key check)
    const { sm2 } = await import('sm-crypto-v2');
    const forged = sm2.doSignature(Buffer.from(sealed.pdfSm3, 'hex'), otherKey.privateKey, {
      hash: true,
      der: false,
      userId: '1234567812345678',
    });
    expect(
      verifySealedBytes(files.get(sealed.sealedStorageKey), { ...sealed, signature: forged, publicKey: otherKey.publicKey }).valid,
    ).toBe(true);
    expect((await seals.verify({ ...sealed, signature: forged, publicKey: otherKey.publicKey })).valid).toBe(false);
    expect(
      (await seals.verify({ ...sealed, signature: `${sealed.signature.slice(0, 127)}${sealed.signature[127] === '0' ? '1' : '0'}` })).valid,
    ).toBe(false);
  });

  it("keeps the unit's private key encrypted at rest and refuses a wrong passphrase", () => {
    const unitDir = join(dir, 'document-seals', 'unit-czj');
    const file = readFileSync(
      join(
        unitDir,
        readdirSync(unitDir).find((f) => f.endsWith('.json'))!,
      ),
      'utf8',
    );
    const priv = seals.unitKey('unit-czj').privateKey;
    expect(file).not.toContain(priv);
    expect(JSON.parse(file).encryptedPrivateKey.cipher).toBe('SM4-GCM');
    expect(() => new Sm2SealService({ dataDir: dir, files, passphrase: 'wrong' }).unitKey('unit-czj')).toThrow(/无法解密/);
  });

  it('refuses to seal a rendered PDF whose bytes differ from the recorded hash, or for a unit without a 署名', async () => {
    await expect(
      seals.seal({
        documentId: 'doc-0001',
        unitId: 'unit-czj',
        pdfStorageKey: rendered.storageKey,
        pdfSha256: 'f'.repeat(64),
        actorId: 'x',
      }),
    ).rejects.toThrow(/拒绝用印/);
    await expect(
      seals.seal({
        documentId: 'doc-0001',
        unitId: 'unit-nobody',
        pdfStorageKey: rendered.storageKey,
        pdfSha256: rendered.pdfSha256,
        actorId: 'x',
      }),
    ).rejects.toThrow(/没有本单位/);
  });

  it.skipIf(toolsMissing())('draws the red seal over the 署名 on the page of the 成文日期 (pixels), nowhere else', () => {
    const anchor = readSealAnchors(files.get(rendered.storageKey))[0];
    // the 署名 page: the one with the 成文日期 (the 版记 may follow on a later, even page)
    const tmp = mkdtempSync(join(tmpdir(), 'oa-seal-text-'));
    writeFileSync(join(tmp, 'in.pdf'), files.get(rendered.storageKey));
    const texts = Array.from({ length: rendered.pages }, (_, i) =>
      execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), join(tmp, 'in.pdf'), '-']).toString(),
    );
    rmSync(tmp, { recursive: true, force: true });
    expect(anchor.page).toBe(texts.findIndex((t) => t.includes('2026年3月5日')));
    expect(anchor.page).toBeGreaterThan(0);
    const before = rasterize(files.get(rendered.storageKey), 50);
    const after = rasterize(
      files.get(sealed.sealedStorageKey),
      50,
      process.env.KEEP_PNG ? join(process.env.KEEP_PNG, 'sealed') : undefined,
    );
    expect(after).toHaveLength(before.length);
    const mm = (pt: number) => (pt / 72) * 25.4;
    const box = { x0: mm(anchor.cx - anchor.r), y0: mm(anchor.cy - anchor.r), x1: mm(anchor.cx + anchor.r), y1: mm(anchor.cy + anchor.r) };
    const last = anchor.page;
    for (const [i, p] of after.entries())
      if (i !== 0 && i !== last) expect(countMm(p, 50, { x0: 0, y0: 0, x1: 210, y1: 297 }, isRed)).toBe(0);
    expect(countMm(before[last], 50, box, isRed)).toBe(0);
    expect(countMm(after[last], 50, box, isRed)).toBeGreaterThan(300);
    expect(countMm(after[last], 50, { x0: 0, y0: 0, x1: 210, y1: 297 }, isRed)).toBe(countMm(after[last], 50, box, isRed));
    expect(anchor.cy).toBeLessThan(PAGE_H);
  });
});
