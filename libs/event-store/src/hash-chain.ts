import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { EventMetadata, SealReference } from './event-store.port';

/** The `prevHash` of every stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The recipe every new append follows; version 1 is kept so logs written before it keep verifying. */
export const CHAIN_VERSION = 2;

/** What an event's hash covers: every stored field but its log position and the hash itself. */
export interface ChainedEvent {
  readonly eventId?: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  /** Stores stamp `recordedAt` into the metadata of every event whose writer did not set it. */
  readonly metadata: EventMetadata;
  readonly createdAt?: string;
  /** Absent means 1. */
  readonly chainVersion?: number;
  readonly sealRef?: SealReference | null;
}

/**
 * The audit hash chain, per stream: `hash = sha256(prevHash ‖ canonical JSON (RFC 8785) of the covered object)`,
 * hex-encoded, where `‖` joins the previous hash (hex) and the JSON text as UTF-8. The event's `chainVersion` says
 * which object is covered:
 * - 2: `{ chainVersion: 2, eventId, streamId, revision, type, data, metadata, createdAt, sealRef }`, the whole stored
 *   event (all of its metadata, as stored) but its log position;
 * - 1 (logs written before version 2): `{ streamId, revision, type, data, recordedAt, actor }`, the last two from the
 *   metadata (`actor` null when absent).
 * The README repeats this recipe so an inspector can re-verify an export with their own tool.
 */
export function chainHash(prevHash: string, event: ChainedEvent): string {
  return createHash('sha256')
    .update(prevHash + canonicalize(covered(event)))
    .digest('hex');
}

function covered(event: ChainedEvent): object {
  const version = event.chainVersion ?? 1;
  if (version === 1) {
    return {
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      data: event.data,
      recordedAt: event.metadata.recordedAt ?? null,
      actor: event.metadata.actor ?? null,
    };
  }
  if (version !== CHAIN_VERSION) throw new RangeError(`Unknown audit chain version ${version}`);
  return {
    chainVersion: version,
    eventId: event.eventId ?? null,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    createdAt: event.createdAt ?? null,
    sealRef: event.sealRef ?? null,
  };
}

/** The writer's metadata, with the store's clock as `recordedAt` when the writer set none (the chain covers it). */
export function withRecordedAt(metadata: EventMetadata | undefined, now: string): EventMetadata {
  return metadata?.recordedAt ? metadata : { ...metadata, recordedAt: now };
}
