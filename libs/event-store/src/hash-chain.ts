import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { EventMetadata } from './event-store.port';

/** The `prevHash` of every stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an event's hash covers: everything an inspector needs to trust, nothing the store merely assigns. */
export interface ChainedEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  /** Stores stamp `recordedAt` into the metadata of every event whose writer did not set it. */
  readonly metadata: EventMetadata;
}

/**
 * The audit hash chain, per stream: `hash = sha256(prevHash ‖ canonical JSON (RFC 8785) of { streamId, revision,
 * type, data, recordedAt, actor })`, hex-encoded, where `‖` joins the previous hash (hex) and the JSON text as
 * UTF-8, and `recordedAt` and `actor` come from the metadata (`actor` null when absent).
 * The README repeats this recipe so an inspector can re-verify an export with their own tool.
 */
export function chainHash(prevHash: string, event: ChainedEvent): string {
  const covered = {
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    recordedAt: event.metadata.recordedAt ?? null,
    actor: event.metadata.actor ?? null,
  };
  return createHash('sha256')
    .update(prevHash + canonicalize(covered))
    .digest('hex');
}

/** The writer's metadata, with the store's clock as `recordedAt` when the writer set none (the chain covers it). */
export function withRecordedAt(metadata: EventMetadata | undefined, now: string): EventMetadata {
  return metadata?.recordedAt ? metadata : { ...metadata, recordedAt: now };
}
