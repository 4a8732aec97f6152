import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** Where seals are kept: a stream of their own, chained like every other. */
export const SEAL_STREAM_ID = 'audit-seals';
export const AUDIT_SEALED = 'AuditSealed';

/** Each stream's head when sealed. */
export interface SealedHead {
  readonly streamId: string;
  readonly revision: number;
  readonly hash: string;
}

export interface AuditSealedData {
  readonly sealId: string;
  /** Every stream but the seal stream, sorted by stream id. */
  readonly streams: readonly SealedHead[];
  /** Printed for keeping off the system: sha256 of the canonical JSON (RFC 8785) of `streams`. */
  readonly digest: string;
}

export function sealDigest(streams: readonly SealedHead[]): string {
  return createHash('sha256')
    .update(canonicalize(streams) ?? '')
    .digest('hex');
}

/** The seal of some stream heads: sorted, so the same log always gives the same digest. */
export function sealOf(sealId: string, heads: Iterable<SealedHead>): AuditSealedData {
  const streams = [...heads]
    .filter((head) => head.streamId !== SEAL_STREAM_ID)
    .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  return { sealId, streams, digest: sealDigest(streams) };
}
