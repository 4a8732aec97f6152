import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { publicKeyFingerprint } from './seal';

/** The Ed25519 key seals are signed with; only its public half leaves the server. */
export interface AuditSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** `SHA256:<hex>` of the public key (SPKI DER). */
  readonly fingerprint: string;
  /** The public key as PEM (SPKI), for the inspector to keep. */
  readonly publicKeyPem: string;
}

export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

function signingKeyOf(privateKey: KeyObject): AuditSigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The audit signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    fingerprint: publicKeyFingerprint(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A new key held in memory only, for tests and benchmarks. */
export function generateAuditSigningKey(): AuditSigningKey {
  return signingKeyOf(generateKeyPairSync('ed25519').privateKey);
}

/**
 * The signing key in `file` (PKCS#8 PEM). With `generate`, a missing file is created first: a new Ed25519 key,
 * mode 0600, in a directory of mode 0700; `generated` then says so, for the caller to print the fingerprint once.
 */
export function loadAuditSigningKey(
  file: string,
  options: { readonly generate: boolean },
): { key: AuditSigningKey; generated: boolean } {
  let generated = false;
  if (options.generate && !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      // `wx`: if another process created it meanwhile, keep theirs.
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      generated = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { key: signingKeyOf(createPrivateKey(readFileSync(file))), generated };
}

/** A public key as an inspector keeps it: SPKI PEM (what `audit public-key` prints), or the private key's PEM. */
export function readPublicKey(file: string): KeyObject {
  const pem = readFileSync(file);
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} does not hold an Ed25519 public key`);
  return key;
}
