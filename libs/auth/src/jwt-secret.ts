import type { AppConfig } from '@app/config';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const JWT_SECRET_FILE = 'jwt-secret';

/**
 * The HS256 secret: `AUTH_JWT_SECRET` when set; on the embedded profile otherwise one generated once into
 * `DATA_DIR` (mode 0600) and reused, so tokens printed by `cli token` stay valid across restarts.
 */
export function resolveJwtSecret(config: Pick<AppConfig, 'authJwtSecret' | 'dataDir'>): string {
  if (config.authJwtSecret) return config.authJwtSecret;
  const file = join(config.dataDir, JWT_SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // `wx`: if another process created it meanwhile, keep theirs.
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
