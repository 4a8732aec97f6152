import canonicalize from 'canonicalize';
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import type { Position, SealReference } from '../event-store.port';

/** Where seals are kept: a stream of their own, chained like every other. */
export const SEAL_STREAM_ID = 'audit-seals';
export const AUDIT_SEALED = 'AuditSealed';

/**
 * The signed seal's format. A later format can add a Merkle tree head over every event hash (RFC 9162 `treeSize`
 * and `rootHash`) beside `streams`; verifiers read `format` first.
 */
export const SEAL_FORMAT = 'audit-seal/2';

/** Each stream's head when sealed. */
export interface SealedHead {
  readonly streamId: string;
  readonly revision: number;
  readonly hash: string;
}

/** What a signed seal says; its digest and signature are over the canonical JSON (RFC 8785) of exactly this. */
export interface SealBody {
  readonly format: typeof SEAL_FORMAT;
  readonly sealId: string;
  /** 1 for the first signed seal, then one more each. */
  readonly sequence: number;
  /** The digest of the seal before (sequence - 1); null for the first. */
  readonly previous: string | null;
  readonly sealedAt: string;
  /** The log position the heads were read up to: every event at or before it is covered by `streams`. */
  readonly position: Position;
  /** The fingerprint of the public key that verifies `signature` (see `publicKeyFingerprint`). */
  readonly keyId: string;
  /** Every stream but the seal stream, sorted by stream id. */
  readonly streams: readonly SealedHead[];
}

export interface SignedSeal extends SealBody {
  /** Printed for keeping off the system: sha256 (hex) of the canonical JSON of the body. */
  readonly digest: string;
  /** Ed25519 over the canonical JSON of the body, base64. */
  readonly signature: string;
}

/** A seal written before seals were signed: heads and a digest over `streams` only. */
export interface LegacySeal {
  readonly sealId: string;
  readonly streams: readonly SealedHead[];
  readonly digest: string;
}

export type AuditSealedData = SignedSeal | LegacySeal;

export const isSignedSeal = (seal: AuditSealedData): seal is SignedSeal =>
  (seal as Partial<SignedSeal>).format === SEAL_FORMAT;

/** A seal's body: everything but its digest and signature. */
export function sealBody(seal: SignedSeal): SealBody {
  const { digest: _digest, signature: _signature, ...body } = seal;
  return body;
}

const canonical = (value: unknown) => canonicalize(value) ?? '';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The digest a seal should carry: of the body for a signed seal, of `streams` for a legacy one. */
export function sealDigest(seal: AuditSealedData): string {
  return sha256(canonical(isSignedSeal(seal) ? sealBody(seal) : seal.streams));
}

/** `SHA256:` and the hex sha256 of the public key's DER (SPKI) encoding, as `audit public-key` prints it. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
}

/** Heads sorted by stream id, without the seal stream, so the same log always gives the same seal. */
export function sortedHeads(heads: Iterable<SealedHead>): SealedHead[] {
  return [...heads]
    .filter((head) => head.streamId !== SEAL_STREAM_ID)
    .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
}

/** The signed seal following `previous` (null for the first). */
export function signSeal(
  fields: Pick<SealBody, 'sealId' | 'sealedAt' | 'position' | 'streams'>,
  previous: SignedSeal | null,
  key: { readonly privateKey: KeyObject; readonly publicKey: KeyObject },
): SignedSeal {
  const body: SealBody = {
    format: SEAL_FORMAT,
    sealId: fields.sealId,
    sequence: (previous?.sequence ?? 0) + 1,
    previous: previous?.digest ?? null,
    sealedAt: fields.sealedAt,
    position: fields.position,
    keyId: publicKeyFingerprint(key.publicKey),
    streams: sortedHeads(fields.streams),
  };
  const text = canonical(body);
  return { ...body, digest: sha256(text), signature: sign(null, Buffer.from(text), key.privateKey).toString('base64') };
}

/** Whether the seal's signature verifies under this public key. */
export function signatureHolds(seal: SignedSeal, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonical(sealBody(seal))), publicKey, Buffer.from(seal.signature, 'base64'));
  } catch {
    return false;
  }
}

/** How events written after this seal name it; a legacy seal has no place in the signed chain. */
export function sealReferenceOf(data: unknown): SealReference | null {
  const seal = data as Partial<SignedSeal> | null;
  return seal?.format === SEAL_FORMAT && typeof seal.sequence === 'number' && typeof seal.digest === 'string'
    ? { sequence: seal.sequence, digest: seal.digest }
    : null;
}
