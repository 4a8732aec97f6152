import type { Position, RecordedEvent } from '@app/event-store';
import type { IndexDefinition, ReadModelDocument } from './read-model-store.port';

/** What the projector keeps on every document it writes: the last log position applied to it. */
export interface ProjectedDocument extends ReadModelDocument {
  readonly _position: Position;
}

/**
 * A read model built from the log: which events it handles, which documents each one touches, and a pure
 * `evolve` per document. Returning `null` deletes the document. `evolve` never throws on business grounds;
 * an event it throws on is parked by the projector and the projection goes on.
 */
export interface Projection<Doc extends ReadModelDocument = ReadModelDocument> {
  readonly name: string;
  /** Bumped when the code changes what documents look like; a new version is built from the start. */
  readonly version: number;
  readonly collection: string;
  readonly indexes?: readonly IndexDefinition[];
  /** Event types it applies, or `'all'` for projections over the whole log (audit, idempotency keys). */
  readonly handles: readonly string[] | 'all';
  documentIds(event: RecordedEvent): readonly string[];
  /**
   * A document of this collection that `evolve` reads besides its own, such as the stream a per-event document
   * belongs to. When the same event also evolves it, `evolve` sees it after that step, so list it first.
   */
  contextId?(event: RecordedEvent): string;
  evolve(document: Doc | null, event: RecordedEvent, documentId: string, context?: Doc | null): Doc | null;
}
