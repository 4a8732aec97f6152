import type { AppConfig } from '@app/config';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const JWT_SECRET_FILE = 'jwt-secret';

type SecretConfig = Pick<AppConfig, 'authJwtSecret' | 'dataDir'>;

/** The installation's HS256 secret: `AUTH_JWT_SECRET` when set, else the one in `DATA_DIR`; undefined if neither. */
export function findJwtSecret(config: SecretConfig): string | undefined {
  if (config.authJwtSecret) return config.authJwtSecret;
  try {
    return readFileSync(join(config.dataDir, JWT_SECRET_FILE), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return undefined;
  }
}

/**
 * The API's secret: the installation's, or on the embedded profile one generated once into `DATA_DIR` (mode 0600) and
 * reused, so tokens printed by `cli token` stay valid across restarts. Only the API generates it: a secret the CLI
 * made up would sign tokens the API refuses.
 */
export function resolveJwtSecret(config: SecretConfig): string {
  const found = findJwtSecret(config);
  if (found !== undefined) return found;
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // `wx`: if another process created it meanwhile, keep theirs.
    writeFileSync(join(config.dataDir, JWT_SECRET_FILE), randomBytes(48).toString('base64url'), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return findJwtSecret(config)!;
}
