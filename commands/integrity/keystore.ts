import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sm2, sm4 } from 'sm-crypto-v2';
import { generateSealKeyPair, type SealKeyPair } from './seal';

/**
 * The sealer's SM2 key pair, kept under DATA_DIR (密钥文件).
 *
 * Files:
 *   <DATA_DIR>/seal-key.json    { v, algorithm:'SM2', publicKey, createdAt,
 *                                 encryptedPrivateKey: { cipher:'SM4-GCM', kdf:'PBKDF2-HMAC-SM3',
 *                                 iterations, salt, iv, tag, ciphertext } }   (mode 0600)
 *   <DATA_DIR>/seal-key.secret  32 random bytes (hex), created only when no passphrase is configured.
 *
 * The private key is encrypted at rest with SM4-GCM (authenticated; the public key is the associated data,
 * so swapping the public key in the file is detected). The SM4 key = PBKDF2-HMAC-SM3(passphrase, salt,
 * 100 000 iterations, 16 bytes). The passphrase is `OA_SEAL_KEY_PASSPHRASE` when set (production: inject
 * it from the secret manager, and never store it beside the data), otherwise the per-install secret file
 * — which only helps if that file is kept out of the backups that carry seal-key.json; the embedded demo
 * accepts that. The key pair is generated on first use. The verifier needs only the public key
 * (`readSealPublicKey`), never the passphrase.
 */

export const SEAL_KEY_FILE = 'seal-key.json';
export const SEAL_SECRET_FILE = 'seal-key.secret';
const ITERATIONS = 100_000;

interface SealKeyFile {
  v: 1;
  algorithm: 'SM2';
  publicKey: string;
  createdAt: string;
  encryptedPrivateKey: {
    cipher: 'SM4-GCM';
    kdf: 'PBKDF2-HMAC-SM3';
    iterations: number;
    salt: string;
    iv: string;
    tag: string;
    ciphertext: string;
  };
}

export interface SealKeyOptions {
  dataDir: string;
  /** Defaults to process.env.OA_SEAL_KEY_PASSPHRASE, then to the per-install secret file. */
  passphrase?: string;
}

function deriveKey(passphrase: string, saltHex: string, iterations: number): string {
  return pbkdf2Sync(passphrase, Buffer.from(saltHex, 'hex'), iterations, 16, 'sm3').toString('hex');
}

function writeExclusive(path: string, content: string): boolean {
  try {
    writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function resolvePassphrase(opts: SealKeyOptions): string {
  const given = opts.passphrase ?? process.env.OA_SEAL_KEY_PASSPHRASE;
  if (given !== undefined && given !== '') return given;
  const path = join(opts.dataDir, SEAL_SECRET_FILE);
  if (!existsSync(path)) writeExclusive(path, `${randomBytes(32).toString('hex')}\n`);
  return readFileSync(path, 'utf8').trim();
}

/** Loads the key pair, generating and storing it on first use. Throws when the passphrase is wrong. */
export function loadOrCreateSealKey(opts: SealKeyOptions): SealKeyPair {
  mkdirSync(opts.dataDir, { recursive: true });
  const passphrase = resolvePassphrase(opts);
  const path = join(opts.dataDir, SEAL_KEY_FILE);
  if (!existsSync(path)) {
    const kp = generateSealKeyPair();
    const salt = randomBytes(16).toString('hex');
    const iv = randomBytes(12).toString('hex');
    const enc = sm4.encrypt(kp.privateKey, deriveKey(passphrase, salt, ITERATIONS), {
      mode: 'gcm',
      iv,
      associatedData: kp.publicKey,
    });
    const file: SealKeyFile = {
      v: 1,
      algorithm: 'SM2',
      publicKey: kp.publicKey,
      createdAt: new Date().toISOString(),
      encryptedPrivateKey: {
        cipher: 'SM4-GCM',
        kdf: 'PBKDF2-HMAC-SM3',
        iterations: ITERATIONS,
        salt,
        iv,
        tag: enc.tag ?? '',
        ciphertext: enc.output,
      },
    };
    // Another process may have won the race: then its file is the key.
    if (writeExclusive(path, `${JSON.stringify(file, null, 2)}\n`)) return kp;
  }
  const file = JSON.parse(readFileSync(path, 'utf8')) as SealKeyFile;
  const e = file.encryptedPrivateKey;
  let privateKey: string;
  try {
    privateKey = sm4.decrypt(e.ciphertext, deriveKey(passphrase, e.salt, e.iterations), {
      mode: 'gcm',
      iv: e.iv,
      tag: e.tag,
      associatedData: file.publicKey,
    });
  } catch {
    throw new Error(`封印密钥无法解密: ${path} (wrong OA_SEAL_KEY_PASSPHRASE or altered key file)`);
  }
  if (sm2.getPublicKeyFromPrivateKey(privateKey) !== file.publicKey) {
    throw new Error(`封印密钥文件不一致: ${path} (public key does not match the private key)`);
  }
  return { publicKey: file.publicKey, privateKey };
}

/** The public key of the install's seal key, or undefined when no key file exists (no passphrase needed). */
export function readSealPublicKey(dataDir: string): string | undefined {
  const path = join(dataDir, SEAL_KEY_FILE);
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as SealKeyFile).publicKey;
}
