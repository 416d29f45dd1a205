import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Content-addressed file store (文件库) under `<DATA_DIR>/files`.
 *
 * A file's key is `sha256:<64 hex>` of its bytes; it lives at `files/<hex[0..2]>/<hex>`. Writes are
 * atomic (temp file + rename) and idempotent (the same bytes → the same key, stored once). Sidecar JSON
 * (e.g. the seal record beside a sealed PDF) is stored as `<hex>.<suffix>.json` next to the bytes.
 * Files are never overwritten or deleted here: a changed document is a new key.
 */
export interface StoredFile {
  key: string;
  sha256: string;
  bytes: number;
}

const KEY = /^sha256:([0-9a-f]{64})$/;
const SUFFIX = /^[a-z][a-z0-9-]{0,30}$/;

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export class FileStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'files');
  }

  static keyOf(sha256: string): string {
    return `sha256:${sha256}`;
  }

  /** The hex SHA-256 a key names (throws on anything that is not a well-formed key: no path tricks). */
  static hashOf(key: string): string {
    const m = KEY.exec(key);
    if (!m) throw new Error(`不是有效的文件标识: ${key}`);
    return m[1];
  }

  private pathOf(hex: string, suffix?: string): string {
    return join(this.root, hex.slice(0, 2), suffix ? `${hex}.${suffix}.json` : hex);
  }

  put(bytes: Uint8Array): StoredFile {
    const hex = sha256Hex(bytes);
    const path = this.pathOf(hex);
    if (!existsSync(path)) this.writeAtomic(path, bytes);
    return { key: FileStore.keyOf(hex), sha256: hex, bytes: bytes.length };
  }

  has(key: string): boolean {
    return existsSync(this.pathOf(FileStore.hashOf(key)));
  }

  /** The stored bytes as they are on disk (no integrity check: callers that need one re-hash). */
  get(key: string): Buffer {
    const path = this.pathOf(FileStore.hashOf(key));
    if (!existsSync(path)) throw new Error(`文件不存在: ${key}`);
    return readFileSync(path);
  }

  putSidecar(key: string, suffix: string, value: unknown): void {
    if (!SUFFIX.test(suffix)) throw new Error(`bad sidecar suffix: ${suffix}`);
    this.writeAtomic(this.pathOf(FileStore.hashOf(key), suffix), Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
  }

  getSidecar<T>(key: string, suffix: string): T | null {
    if (!SUFFIX.test(suffix)) throw new Error(`bad sidecar suffix: ${suffix}`);
    const path = this.pathOf(FileStore.hashOf(key), suffix);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
  }

  private writeAtomic(path: string, bytes: Uint8Array): void {
    mkdirSync(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o640 });
    renameSync(tmp, path);
  }
}
