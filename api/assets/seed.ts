import type { Platform } from '../platform';

/** Demo data for 资产 (filled in below). */
export async function seedAssetDemo(_p: Platform, _log: (msg: string) => void): Promise<void> {}
