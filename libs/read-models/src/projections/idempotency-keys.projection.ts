import type { Position } from '@app/event-store';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../read-model-store.port';

/** Which request an Idempotency-Key first answered, per caller, across every stream. */
export interface IdempotencyKeyDocument {
  readonly _id: string;
  readonly streamId: string;
  readonly requestFingerprint: string;
  readonly firstPosition: Position;
}

const documentId = (subject: string, key: string) => `${subject}\n${key}`;

export const idempotencyKeysProjection: Projection<IdempotencyKeyDocument> = {
  name: 'idempotency-keys',
  version: 1,
  collection: 'idempotency_keys',
  handles: 'all',
  documentIds: ({ metadata }) =>
    metadata.idempotencyKey && metadata.actor ? [documentId(metadata.actor.subject, metadata.idempotencyKey)] : [],
  // The first request a key answered is the one that counts; later events of the same command change nothing.
  evolve: (document, event, id) =>
    document ?? {
      _id: id,
      streamId: event.streamId,
      requestFingerprint: event.metadata.requestFingerprint ?? '',
      firstPosition: event.position,
    },
};

export function findIdempotencyKey(
  readModels: ReadModelStore,
  subject: string,
  key: string,
): Promise<IdempotencyKeyDocument | null> {
  return readModels
    .collection<IdempotencyKeyDocument>(idempotencyKeysProjection.collection)
    .get(documentId(subject, key));
}
