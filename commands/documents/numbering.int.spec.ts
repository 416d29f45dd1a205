import { describe, expect, it } from 'vitest';
import { documentNumberStreamId } from '../../domain/documents/numbering';
import { appendSignedDocument } from './testing';
import { CommandHandler } from '../pipeline/handler';
import { fixedClock } from '../pipeline/clock';
import { realStoreBackends } from '../pipeline/testing/real-stores';
import { DocumentCommands, type DocumentContext } from './document-commands';

/**
 * 发文字号 are unique and gap-free under concurrency: N registrations racing on the same
 * (机关代字, year) register — through several connections to the real store, like several API
 * nodes — get exactly the numbers 1..N, each document one, and the register stream has N events.
 */
const N = 24;
const clock = fixedClock('2026-03-05T03:00:00.000Z');

const ctx = (i: number): DocumentContext => ({
  actorId: 'yang-fan',
  actorName: '杨帆',
  unitId: 'czj',
  departmentId: 'czj-bgs',
  correlationId: `c${i}`,
  commandId: `reg-${i}`,
  isOffice: true,
});

const signedDocument = (handler: CommandHandler, id: string) => appendSignedDocument(handler.store, id, clock.now());

describe.each(realStoreBackends().map((b) => [b.name, b] as const))('concurrent 登记编号 on %s', (_name, backend) => {
  it(`${N} parallel registrations through 3 connections → numbers 1..${N} exactly, none shared, none skipped`, async () => {
    const fx = await backend.create();
    try {
      const stores = [fx.store, await fx.open(), await fx.open()];
      const commands = stores.map((s) => new DocumentCommands(new CommandHandler(s, { clock })));
      const ids = Array.from({ length: N }, (_, i) => `doc-${String(i).padStart(3, '0')}`);
      for (const id of ids) await signedDocument(commands[0].handler, id);

      const results = await Promise.all(ids.map((id, i) => commands[i % commands.length].outgoing.registerNumber(id, ctx(i))));
      const numbers = results.map((r) => Number(/〔2026〕(\d+)号/.exec(r.docNumber)![1])).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: N }, (_, i) => i + 1));

      const register = await fx.store.readStream(documentNumberStreamId('区财预', 2026));
      expect(register.map((e) => (e.data as { number: number }).number)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      // each document got the number the register gave it
      for (const id of ids) {
        const s = await commands[0].loadOutgoing(id);
        const held = register.find((e) => (e.data as { holderId: string }).holderId === id)!;
        expect(s.number?.number).toBe((held.data as { number: number }).number);
      }

      // retrying (same Idempotency-Key, or a new one) never takes a second number
      const again = await commands[1].outgoing.registerNumber(ids[0], ctx(0));
      const again2 = await commands[2].outgoing.registerNumber(ids[0], { ...ctx(0), commandId: 'another' });
      expect(again.docNumber).toBe(results[0].docNumber);
      expect(again2.docNumber).toBe(results[0].docNumber);
      expect(await fx.store.streamRevision(documentNumberStreamId('区财预', 2026))).toBe(N - 1);
    } finally {
      await fx.cleanup();
    }
  });
});
