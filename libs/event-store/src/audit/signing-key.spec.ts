import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuditSigningKey, readPublicKey } from './signing-key';

describe('the audit signing key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'signing-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once into a directory of its own, readable by its owner only, and reused after', () => {
    const file = join(dir, 'keys', 'audit-signing-key.pem');
    const first = loadAuditSigningKey(file, { generate: true });
    expect(first.generated).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(first.key.fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);

    const again = loadAuditSigningKey(file, { generate: true });
    expect(again.generated).toBe(false);
    expect(again.key.fingerprint).toBe(first.key.fingerprint);
  });

  it('is never generated when configured: a missing file stops the start', () => {
    expect(() => loadAuditSigningKey(join(dir, 'missing.pem'), { generate: false })).toThrow(/ENOENT/);
  });

  it('must be Ed25519', () => {
    const file = join(dir, 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadAuditSigningKey(file, { generate: false })).toThrow(/Ed25519/);
  });

  it('gives the inspector a public key file that reads back as the same key', () => {
    const { key } = loadAuditSigningKey(join(dir, 'k.pem'), { generate: true });
    const kept = join(dir, 'public.pem');
    writeFileSync(kept, key.publicKeyPem);
    expect(readPublicKey(kept).export({ type: 'spki', format: 'pem' })).toBe(key.publicKeyPem);
    expect(readFileSync(kept, 'utf8')).toContain('BEGIN PUBLIC KEY');
  });
});
