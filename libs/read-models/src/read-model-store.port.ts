import type { Position } from '@app/event-store';

/** Every read-model document is keyed by `_id`, as in MongoDB. */
export interface ReadModelDocument {
  readonly _id: string;
}

/** A filter in MongoDB query syntax; the memory store evaluates it with mingo. */
export type Filter = Readonly<Record<string, unknown>>;

export interface FindOptions {
  readonly sort?: Readonly<Record<string, 1 | -1>>;
  readonly skip?: number;
  readonly limit?: number;
}

/** An equality index over one or more fields (dotted paths allowed; array values index each element). */
export interface IndexDefinition {
  readonly fields: readonly string[];
}

export type WriteOperation<T extends ReadModelDocument> =
  { readonly kind: 'upsert'; readonly document: T } | { readonly kind: 'delete'; readonly id: string };

export interface ReadModelCollection<T extends ReadModelDocument> {
  get(id: string): Promise<T | null>;
  /** The documents that exist among `ids`, keyed by id. */
  getMany(ids: readonly string[]): Promise<Map<string, T>>;
  upsert(document: T): Promise<void>;
  delete(id: string): Promise<void>;
  /** Applies the operations in order, as one round trip where the backend allows. */
  bulkWrite(operations: readonly WriteOperation<T>[]): Promise<void>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter?: Filter): Promise<number>;
}

/** How far a projection has applied the log, and under which version of its code. */
export interface Checkpoint {
  readonly position: Position;
  readonly version: number;
}

export interface ReadModelStore {
  collection<T extends ReadModelDocument>(name: string): ReadModelCollection<T>;
  /** Creates the collection's declared indexes; idempotent, called by the projector before it writes. */
  ensureIndexes(name: string, indexes: readonly IndexDefinition[]): Promise<void>;
  dropCollection(name: string): Promise<void>;
  /**
   * Gives collection `from` the name `to` in one step, replacing what `to` held (a missing `from` leaves `to`
   * empty): how a rebuilt projection takes over from the one serving, with no moment where readers see neither.
   */
  renameCollection(from: string, to: string): Promise<void>;
  getCheckpoint(projectionName: string): Promise<Checkpoint | null>;
  saveCheckpoint(projectionName: string, checkpoint: Checkpoint): Promise<void>;
  close(): Promise<void>;
}

export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
