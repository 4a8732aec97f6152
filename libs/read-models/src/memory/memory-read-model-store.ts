import { Query } from 'mingo';
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

type Scalar = string | number | boolean | null;

/** Field paths with the exact values a filter pins them to, read off its top level. */
type Equalities = Map<string, Scalar[]>;

interface SecondaryIndex {
  readonly fields: readonly string[];
  readonly entries: Map<string, Set<string>>;
  /** Writes only: the key of each scalar a one-field index has met, since indexed values repeat far more than vary. */
  readonly keyOf: Map<unknown, string>;
}

/** Bounds `keyOf`, so an index over a field unique to each document does not keep a second copy of every key. */
const KEY_CACHE_LIMIT = 10_000;

/**
 * The embedded read-model store: documents in Maps, equality lookups answered by the declared secondary
 * indexes, and mingo (MongoDB query semantics) applied only to what an index leaves open, since mingo is an
 * order of magnitude slower than a plain lookup and must not scan on a hot path.
 */
export class MemoryReadModelStore implements ReadModelStore {
  private readonly collections = new Map<string, MemoryCollection<ReadModelDocument>>();
  private readonly checkpoints = new Map<string, Checkpoint>();

  collection<T extends ReadModelDocument>(name: string): ReadModelCollection<T> {
    return this.collectionNamed(name) as unknown as ReadModelCollection<T>;
  }

  async ensureIndexes(name: string, indexes: readonly IndexDefinition[]): Promise<void> {
    const collection = this.collectionNamed(name);
    for (const index of indexes) collection.addIndex(index.fields);
  }

  async dropCollection(name: string): Promise<void> {
    this.collections.delete(name);
  }

  async renameCollection(from: string, to: string): Promise<void> {
    const collection = this.collections.get(from);
    this.collections.delete(from);
    if (collection) this.collections.set(to, collection);
    else this.collections.delete(to);
  }

  async getCheckpoint(projectionName: string): Promise<Checkpoint | null> {
    return this.checkpoints.get(projectionName) ?? null;
  }

  async saveCheckpoint(projectionName: string, checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(projectionName, { ...checkpoint });
  }

  async close(): Promise<void> {
    this.collections.clear();
  }

  private collectionNamed(name: string): MemoryCollection<ReadModelDocument> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new MemoryCollection();
      this.collections.set(name, collection);
    }
    return collection;
  }
}

/**
 * Upserted documents become the store's own (callers hand over fresh objects, as projections' `evolve`
 * returns them). Reads hand out the stored documents themselves, deep-frozen the first time they are read: no
 * caller can change a stored document in place, and no read pays for a copy.
 */
class MemoryCollection<T extends ReadModelDocument> implements ReadModelCollection<T> {
  private readonly documents = new Map<string, T>();
  private readonly indexes: SecondaryIndex[] = [];
  /**
   * Every `_id` in ascending order, for pages in `_id` order without sorting the collection per query; `null` once a
   * write lands out of order, and rebuilt by the next such query. Collections written in key order (the audit
   * index, keyed by log position) keep it for good.
   */
  private idOrder: string[] | null = [];

  addIndex(fields: readonly string[]): void {
    const key = fields.join('\u0000');
    if (this.indexes.some((index) => index.fields.join('\u0000') === key)) return;
    const index: SecondaryIndex = { fields: [...fields], entries: new Map(), keyOf: new Map() };
    for (const document of this.documents.values()) addToIndex(index, indexKeys(index, document), document._id);
    this.indexes.push(index);
  }

  async get(id: string): Promise<T | null> {
    const document = this.documents.get(id);
    return document ? deepFrozen(document) : null;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const id of ids) {
      const document = this.documents.get(id);
      if (document) found.set(id, deepFrozen(document));
    }
    return found;
  }

  async upsert(document: T): Promise<void> {
    this.put(document);
  }

  async delete(id: string): Promise<void> {
    this.remove(id);
  }

  async bulkWrite(operations: readonly WriteOperation<T>[]): Promise<void> {
    for (const operation of operations) {
      if (operation.kind === 'upsert') this.put(operation.document);
      else this.remove(operation.id);
    }
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const start = options.skip ?? 0;
    const end = options.limit === undefined || options.limit === 0 ? undefined : start + options.limit;
    let matches: T[];
    if (isAscendingIdOrder(options.sort)) matches = this.matchInIdOrder(filter, end);
    else {
      matches = this.match(filter);
      if (options.sort) matches = matches.sort(comparatorFor(options.sort));
    }
    return matches.slice(start, end).map(deepFrozen);
  }

  async count(filter: Filter = {}): Promise<number> {
    if (Object.keys(filter).length === 0) return this.documents.size;
    return this.match(filter).length;
  }

  private put(document: T): void {
    const existing = this.documents.get(document._id);
    if (!existing) this.recordNewId(document._id);
    this.documents.set(document._id, document);
    for (const index of this.indexes) {
      // Most updates leave indexed fields as they were, often the very same values: then the index needs no change.
      if (existing && sameValues(index.fields, existing, document)) continue;
      const keys = indexKeys(index, document);
      if (existing) {
        const previous = indexKeys(index, existing);
        if (sameKeys(previous, keys)) continue;
        removeFromIndex(index, previous, document._id);
      }
      addToIndex(index, keys, document._id);
    }
  }

  private remove(id: string): void {
    const existing = this.documents.get(id);
    if (!existing) return;
    this.unindex(existing);
    this.documents.delete(id);
    if (this.idOrder) this.idOrder.splice(lowerBound(this.idOrder, id, true), 1);
  }

  private unindex(document: T): void {
    for (const index of this.indexes) removeFromIndex(index, indexKeys(index, document), document._id);
  }

  private recordNewId(id: string): void {
    if (!this.idOrder) return;
    const last = this.idOrder[this.idOrder.length - 1];
    if (last === undefined || id > last) this.idOrder.push(id);
    else this.idOrder = null;
  }

  /**
   * The first `wanted` matches in `_id` order. A selective index gives few candidates, which are sorted; otherwise
   * the ids are walked in order from the filter's `_id` lower bound, stopping once enough match, so a page costs
   * what it skips over rather than the size of the collection. Either way the index answers for the fields it pins.
   */
  private matchInIdOrder(filter: Filter, wanted = Infinity): T[] {
    const { ids: candidates, pinned } = this.candidates(equalitiesOf(filter));
    const { lower, upper } = idRangeOf(filter);
    const test = this.tester(filter, pinned);
    if (candidates && candidates.size * 16 < this.documents.size) {
      return [...candidates]
        .sort()
        .map((id) => this.documents.get(id)!)
        .filter(test)
        .slice(0, wanted);
    }
    this.idOrder ??= [...this.documents.keys()].sort();
    const ids = this.idOrder;
    const matches: T[] = [];
    for (let i = lower ? lowerBound(ids, lower.id, lower.inclusive) : 0; i < ids.length; i++) {
      if (matches.length >= wanted || (upper && (upper.inclusive ? ids[i] > upper.id : ids[i] >= upper.id))) break;
      if (candidates && !candidates.has(ids[i])) continue;
      const document = this.documents.get(ids[i])!;
      if (test(document)) matches.push(document);
    }
    return matches;
  }

  /** A predicate for the filter: nothing to test when every field is pinned by an index, else mingo. */
  private tester(filter: Filter, pinned: readonly string[]): (document: T) => boolean {
    if (Object.keys(filter).every((field) => pinned.includes(field))) return () => true;
    const query = new Query(filter as Record<string, unknown>, {});
    return (document) => query.test(document as Record<string, unknown>);
  }

  /** Candidates from the best index (or `_id`), then mingo for whatever part of the filter it did not pin. */
  private match(filter: Filter): T[] {
    const { ids, pinned } = this.candidates(equalitiesOf(filter));
    const documents = ids ? [...ids].map((id) => this.documents.get(id)!) : [...this.documents.values()];
    return documents.filter(this.tester(filter, pinned));
  }

  /**
   * The ids of the documents that can match (`null`: any document), and the fields whose equality conditions they
   * already satisfy. For one index key it is the index's own set, read before anything can change it.
   */
  private candidates(equalities: Equalities): { ids: ReadonlySet<string> | null; pinned: readonly string[] } {
    const ids = equalities.get('_id');
    if (ids) return { ids: new Set(ids.map(String).filter((id) => this.documents.has(id))), pinned: ['_id'] };
    const usable = this.indexes
      .filter((index) => index.fields.every((field) => equalities.has(field)))
      .sort((a, b) => b.fields.length - a.fields.length)[0];
    if (!usable) return { ids: null, pinned: [] };
    const keys = combinations(usable.fields.map((field) => equalities.get(field)!)).map((values) =>
      JSON.stringify(values),
    );
    if (keys.length === 1) return { ids: usable.entries.get(keys[0]) ?? new Set(), pinned: usable.fields };
    const matchedIds = new Set<string>();
    for (const key of keys) for (const id of usable.entries.get(key) ?? []) matchedIds.add(id);
    return { ids: matchedIds, pinned: usable.fields };
  }
}

/**
 * Freezes a document and everything in it, inner objects first, so a frozen object is always frozen all the way
 * down: parts a new version shares with a frozen old one (as `{ ...document, field }` builds it) are not walked again.
 */
function deepFrozen<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFrozen(inner);
  return Object.freeze(value);
}

function addToIndex(index: SecondaryIndex, keys: readonly string[], id: string): void {
  for (const key of keys) {
    let ids = index.entries.get(key);
    if (!ids) {
      ids = new Set();
      index.entries.set(key, ids);
    }
    ids.add(id);
  }
}

function removeFromIndex(index: SecondaryIndex, keys: readonly string[], id: string): void {
  for (const key of keys) {
    const ids = index.entries.get(key);
    ids?.delete(id);
    if (ids?.size === 0) index.entries.delete(key);
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/** Whether two documents hold the same values (scalars, or the very same arrays) in the fields. */
function sameValues(fields: readonly string[], a: ReadModelDocument, b: ReadModelDocument): boolean {
  for (const field of fields) if (valueAt(a, field) !== valueAt(b, field)) return false;
  return true;
}

/** One key per combination of values: an array field is indexed by each of its elements, as in MongoDB. */
function indexKeys(index: SecondaryIndex, document: ReadModelDocument): string[] {
  const { fields, keyOf } = index;
  if (fields.length === 1) {
    // The common case, without building combinations: every write of an indexed collection comes through here.
    const value = valueAt(document, fields[0]);
    if (Array.isArray(value)) return value.map((element) => singleKey(keyOf, element));
    return [singleKey(keyOf, value ?? null)];
  }
  const perField = fields.map((field) => {
    const value = valueAt(document, field);
    if (Array.isArray(value)) return value.length === 0 ? [] : (value as Scalar[]);
    return [(value ?? null) as Scalar];
  });
  return combinations(perField).map((values) => JSON.stringify(values));
}

/** `JSON.stringify([value])`, remembered for scalars. */
function singleKey(keyOf: Map<unknown, string>, value: unknown): string {
  let key = keyOf.get(value);
  if (key === undefined) {
    key = JSON.stringify([value]);
    if (isScalar(value) && keyOf.size < KEY_CACHE_LIMIT) keyOf.set(value, key);
  }
  return key;
}

function combinations(lists: readonly Scalar[][]): Scalar[][] {
  return lists.reduce<Scalar[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((value) => [...prefix, value])),
    [[]],
  );
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Top-level `field: scalar`, `field: { $eq: scalar }` and `field: { $in: [scalars] }` conditions. */
function equalitiesOf(filter: Filter): Equalities {
  const equalities: Equalities = new Map();
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$')) continue;
    if (isScalar(condition)) {
      equalities.set(field, [condition]);
      continue;
    }
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) continue;
    const operators = Object.keys(condition);
    if (operators.length !== 1) continue;
    const operand = (condition as Record<string, unknown>)[operators[0]];
    if (operators[0] === '$eq' && isScalar(operand)) equalities.set(field, [operand]);
    if (operators[0] === '$in' && Array.isArray(operand) && operand.every(isScalar)) equalities.set(field, operand);
  }
  return equalities;
}

function isAscendingIdOrder(sort: FindOptions['sort']): boolean {
  return sort !== undefined && Object.keys(sort).length === 1 && sort._id === 1;
}

interface IdBound {
  readonly id: string;
  readonly inclusive: boolean;
}

/** The string bounds a filter puts on `_id` (`$gt`/`$gte`, `$lt`/`$lte`), where the ordered walk starts and stops. */
function idRangeOf(filter: Filter): { lower?: IdBound; upper?: IdBound } {
  const condition = filter._id;
  if (condition === null || typeof condition !== 'object') return {};
  const { $gt, $gte, $lt, $lte } = condition as Record<string, unknown>;
  const bound = (exclusive: unknown, inclusive: unknown): IdBound | undefined =>
    typeof exclusive === 'string'
      ? { id: exclusive, inclusive: false }
      : typeof inclusive === 'string'
        ? { id: inclusive, inclusive: true }
        : undefined;
  return { lower: bound($gt, $gte), upper: bound($lt, $lte) };
}

/** The first index in the ascending `ids` whose id is above `id` (or equal to it, when `inclusive`). */
function lowerBound(ids: readonly string[], id: string, inclusive: boolean): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (inclusive ? ids[middle] < id : ids[middle] <= id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function valueAt(document: unknown, path: string): unknown {
  if (!path.includes('.'))
    return document === null || typeof document !== 'object' ? undefined : (document as Record<string, unknown>)[path];
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** MongoDB's order for the common cases: missing/null first, then numbers, strings, booleans. */
function comparatorFor(sort: Readonly<Record<string, 1 | -1>>): (a: unknown, b: unknown) => number {
  const keys = Object.entries(sort);
  return (a, b) => {
    for (const [path, direction] of keys) {
      const order = compareValues(valueAt(a, path), valueAt(b, path));
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

const TYPE_RANK: Record<string, number> = { undefined: 0, object: 0, number: 1, bigint: 1, string: 2, boolean: 3 };

function compareValues(a: unknown, b: unknown): number {
  const rankA = a === null ? 0 : (TYPE_RANK[typeof a] ?? 4);
  const rankB = b === null ? 0 : (TYPE_RANK[typeof b] ?? 4);
  if (rankA !== rankB) return rankA - rankB;
  if (a === b || rankA === 0) return 0;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}
