import { MongoClient } from 'mongodb';
import type { AnyBulkWriteOperation, Collection, Db, IndexDirection } from 'mongodb';
import type { Position } from '@app/event-store';
import type {
  Checkpoint,
  Filter,
  FindOptions,
  IndexDefinition,
  ReadModelCollection,
  ReadModelDocument,
  ReadModelStore,
  WriteOperation,
} from '../read-model-store.port';

const CHECKPOINTS = '_checkpoints';
/** The server's error code for a collection that does not exist. */
const NAMESPACE_NOT_FOUND = 26;

interface CheckpointDocument {
  _id: string;
  position: Position;
  version: number;
}

/**
 * By default the driver writes an `undefined` field as `null`, so it would read back as `null` where the memory
 * store gives `undefined`; omitting it keeps the adapters alike. Only writes use it: in a filter it would turn
 * `{ field: undefined }` into `{}`, matching everything.
 */
const WRITE_OPTIONS = { ignoreUndefined: true } as const;

function toBulkOperation<T extends ReadModelDocument>(
  operation: WriteOperation<T>,
): AnyBulkWriteOperation<ReadModelDocument> {
  return operation.kind === 'upsert'
    ? { replaceOne: { filter: { _id: operation.document._id }, replacement: operation.document, upsert: true } }
    : { deleteOne: { filter: { _id: operation.id } } };
}

/** The driver's own default name, so an index someone created by hand with the default does not conflict. */
function indexName(fields: readonly string[]): string {
  return fields.map((field) => `${field}_1`).join('_');
}

/**
 * Typed against the base schema, not `T`: with a generic `T` the driver's conditional types (`Filter<T>`,
 * `WithId<T>`, `OptionalUnlessRequiredId<T>`) cannot resolve. So the port's untyped filters go in as they are, and
 * what comes out is cast back to `T`, which is what was written to this collection.
 */
class MongoReadModelCollection<T extends ReadModelDocument> implements ReadModelCollection<T> {
  constructor(private readonly collection: Collection<ReadModelDocument>) {}

  async get(id: string): Promise<T | null> {
    return (await this.collection.findOne({ _id: id })) as T | null;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, T>> {
    if (ids.length === 0) return new Map();
    const documents = (await this.collection.find({ _id: { $in: ids } }).toArray()) as T[];
    return new Map(documents.map((document) => [document._id, document]));
  }

  async upsert(document: T): Promise<void> {
    await this.collection.replaceOne({ _id: document._id }, document, { upsert: true, ...WRITE_OPTIONS });
  }

  async delete(id: string): Promise<void> {
    await this.collection.deleteOne({ _id: id });
  }

  async bulkWrite(operations: readonly WriteOperation<T>[]): Promise<void> {
    // The driver rejects an empty batch.
    if (operations.length === 0) return;
    await this.collection.bulkWrite(operations.map(toBulkOperation), { ordered: true, ...WRITE_OPTIONS });
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const cursor = this.collection.find(filter, {
      sort: options.sort,
      skip: options.skip,
      limit: options.limit,
    });
    return (await cursor.toArray()) as T[];
  }

  async count(filter: Filter = {}): Promise<number> {
    return this.collection.countDocuments(filter);
  }
}

/** Read models in one MongoDB database: one collection each, plus `_checkpoints` for the projections' progress. */
export class MongoReadModelStore implements ReadModelStore {
  /** Set only by `connect`: a store built on a caller's `Db` leaves closing its client to the caller. */
  private ownedClient: MongoClient | null = null;
  private readonly checkpoints: Collection<CheckpointDocument>;

  constructor(private readonly db: Db) {
    this.checkpoints = db.collection<CheckpointDocument>(CHECKPOINTS);
  }

  /** The database is `options.dbName`, else the URI's path (the driver falls back to `test`). */
  static async connect(uri: string, options: { dbName?: string } = {}): Promise<MongoReadModelStore> {
    // Connecting eagerly makes a bad URI or unreachable server fail here, not on the first query.
    const client = await new MongoClient(uri).connect();
    const store = new MongoReadModelStore(client.db(options.dbName));
    store.ownedClient = client;
    return store;
  }

  collection<T extends ReadModelDocument>(name: string): ReadModelCollection<T> {
    return new MongoReadModelCollection<T>(this.db.collection<ReadModelDocument>(name));
  }

  async ensureIndexes(name: string, indexes: readonly IndexDefinition[]): Promise<void> {
    // The server rejects createIndexes with no index.
    if (indexes.length === 0) return;
    // One round trip; re-creating an index with the same name and keys is a no-op on the server. A Map keeps the
    // key order of a compound index even for field names an object would reorder (integer-like ones). Each index
    // ends in `_id`, so a page filtered on its fields in `_id` order reads the index in order, with no blocking sort.
    await this.db.collection(name).createIndexes(
      indexes.map(({ fields }) => {
        const keyFields = fields.includes('_id') ? fields : [...fields, '_id'];
        return {
          key: new Map<string, IndexDirection>(keyFields.map((field) => [field, 1])),
          name: indexName(keyFields),
        };
      }),
    );
  }

  async dropCollection(name: string): Promise<void> {
    // The driver already swallows NamespaceNotFound (servers before 7.0 report it for a missing collection).
    await this.db.dropCollection(name);
  }

  async renameCollection(from: string, to: string): Promise<void> {
    try {
      // Within one database a rename replacing its target is a single catalog change: readers see old or new.
      await this.db.renameCollection(from, to, { dropTarget: true });
    } catch (error) {
      if ((error as { code?: unknown }).code !== NAMESPACE_NOT_FOUND) throw error;
      await this.db.dropCollection(to);
    }
  }

  async getCheckpoint(projectionName: string): Promise<Checkpoint | null> {
    const document = await this.checkpoints.findOne({ _id: projectionName });
    return document && { position: document.position, version: document.version };
  }

  async saveCheckpoint(projectionName: string, checkpoint: Checkpoint): Promise<void> {
    await this.checkpoints.replaceOne(
      { _id: projectionName },
      { position: checkpoint.position, version: checkpoint.version },
      { upsert: true },
    );
  }

  async close(): Promise<void> {
    await this.ownedClient?.close();
  }
}
