import type { EventStore } from '../../domain/eventstore/port';
import { loadOrCreateSealKey } from './keystore';
import { Sealer, type SealerOptions } from './sealer';

export { Sealer, type SealerOptions, type LastSeal } from './sealer';
export { loadOrCreateSealKey, readSealPublicKey, SEAL_KEY_FILE, SEAL_SECRET_FILE } from './keystore';
export { merkleRoot, MerkleBuilder } from './merkle';
export * from './seal';

/**
 * For the composition root: a started sealer configured from the environment.
 *   DATA_DIR                   where seal-key.json lives (default ./data)
 *   OA_SEAL_KEY_PASSPHRASE     encrypts the private key (else a per-install secret file, see keystore.ts)
 *   OA_SEAL_EVERY_EVENTS       N (default 1000)
 *   OA_SEAL_EVERY_MINUTES      M (default 10)
 * Call `await sealer.stop()` on shutdown (then, optionally, `sealer.sealDue(true)` to seal the tail).
 */
export function startSealerFromEnv(store: EventStore, env: NodeJS.ProcessEnv = process.env, extra: Partial<SealerOptions> = {}): Sealer {
  const num = (v: string | undefined, d: number): number => {
    const n = v === undefined || v === '' ? d : Number(v);
    if (!(n > 0)) throw new Error(`invalid sealer setting: ${v}`);
    return n;
  };
  const sealer = new Sealer(store, {
    key: loadOrCreateSealKey({ dataDir: env.DATA_DIR ?? './data', passphrase: env.OA_SEAL_KEY_PASSPHRASE }),
    everyEvents: num(env.OA_SEAL_EVERY_EVENTS, 1000),
    everyMinutes: num(env.OA_SEAL_EVERY_MINUTES, 10),
    ...extra,
  });
  sealer.start();
  return sealer;
}
