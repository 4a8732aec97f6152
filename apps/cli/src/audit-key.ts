import type { AppConfig } from '@app/config';
import { loadAuditSigningKey, type AuditSigningKey } from '@app/event-store';
import { existsSync } from 'node:fs';

/**
 * The API's audit signing key, read where the configuration puts it. Never generated here: seals signed with a key of
 * the CLI's own would fail the API's verification, and a read-only command writes nothing. A missing key is reported
 * with the path looked at and how to point the CLI at the API's.
 */
export function apiSigningKey(config: AppConfig, alternative = ''): AuditSigningKey {
  const { file, generate } = config.auditSigningKey;
  if (!existsSync(file)) {
    const where = generate
      ? `${file} (beside DATA_DIR ${config.dataDir}, where the API generates it when it first starts)`
      : `${file} (AUDIT_SIGNING_KEY_FILE)`;
    throw new Error(
      `No audit signing key at ${where}, and the CLI generates none: set DATA_DIR to the API’s data directory, ` +
        `or AUDIT_SIGNING_KEY_FILE to the API’s key file${alternative}`,
    );
  }
  return loadAuditSigningKey(file, { generate: false }).key;
}
