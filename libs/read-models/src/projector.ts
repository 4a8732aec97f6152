import { Logger } from '@nestjs/common';
import {
  comparePositions,
  lowestPosition,
  START_POSITION,
  type AllSubscription,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '@app/event-store';
import type { ProjectedDocument, Projection } from './projection';
import type { ReadModelDocument, ReadModelStore, WriteOperation } from './read-model-store.port';

export const PARKED_COLLECTION = '_parked';

/** An event a projection could not apply, kept with the error so an operator can see and retry it. */
export interface ParkedEvent extends ReadModelDocument {
  readonly projection: string;
  readonly position: Position;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly error: string;
  readonly parkedAt: string;
}

export type ProjectionState = 'catching-up' | 'live' | 'failed';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly status: ProjectionState;
  readonly position: Position;
  readonly headPosition: Position;
  readonly lag: number;
  readonly eventsPerSecond: number;
  readonly parked: number;
  readonly error?: string;
}

export interface ProjectorOptions {
  readonly maxBatchSize?: number;
  /** Wait before resubscribing after a read-model write failed. */
  readonly retryDelayMs?: number;
}

const RATE_WINDOW_MS = 5000;

/** Per projection: how far it got and how fast. */
class ProjectionRun {
  position: Position = START_POSITION;
  parked = 0;
  error: string | undefined;
  private samples: { at: number; processed: number }[] = [];
  private readonly types: ReadonlySet<string> | 'all';

  constructor(readonly projection: Projection) {
    this.types = projection.handles === 'all' ? 'all' : new Set(projection.handles);
  }

  handles(event: RecordedEvent): boolean {
    return (this.types === 'all' || this.types.has(event.type)) && comparePositions(event.position, this.position) > 0;
  }

  recordProgress(processed: number): void {
    const now = Date.now();
    this.samples.push({ at: now, processed });
    this.samples = this.samples.filter((sample) => now - sample.at <= RATE_WINDOW_MS);
  }

  eventsPerSecond(): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const processed = this.samples.slice(1).reduce((sum, sample) => sum + sample.processed, 0);
    return last.at > first.at ? Math.round((processed * 1000) / (last.at - first.at)) : 0;
  }
}

/**
 * Runs projections over the global log in order, at least once: one subscription from the lowest checkpoint
 * feeds every projection, each skipping what it has applied (its checkpoint, and each document's own
 * `_position`), so a crash between a write and its checkpoint only repeats harmless work.
 */
export class Projector {
  private readonly logger = new Logger(Projector.name);
  private readonly runs: ProjectionRun[];
  private subscription: AllSubscription | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private waiters: { position: Position; resolve: (reached: boolean) => void }[] = [];

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModels: ReadModelStore,
    projections: readonly Projection[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.runs = projections.map((projection) => new ProjectionRun(projection));
  }

  async start(): Promise<void> {
    await this.prepareAll();
    this.stopped = false;
    this.loop = this.runLoop();
  }

  /**
   * Applies the log from the checkpoints up to the first event `until` rejects, then stops: how `asOf` builds the
   * read models as they stood at a time, into a scratch store, through the same code as live projection.
   */
  async replay(until: (event: RecordedEvent) => boolean): Promise<void> {
    await this.prepareAll();
    for (;;) {
      const page = await this.eventStore.readAll({
        fromPosition: this.position(),
        limit: this.options.maxBatchSize ?? 1000,
      });
      const stop = page.findIndex((event) => !until(event));
      const batch = stop === -1 ? page : page.slice(0, stop);
      if (batch.length > 0) await Promise.all(this.runs.map((run) => this.apply(run, batch)));
      if (stop !== -1 || page.length === 0) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.loop;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }

  /** The position every projection has applied: a read served now reflects everything up to it. */
  position(): Position {
    return lowestPosition(this.runs.map((run) => run.position));
  }

  /** Resolves `true` once every projection has applied `position`, or `false` after `timeoutMs`. */
  waitUntilCaughtUp(position: Position, timeoutMs: number): Promise<boolean> {
    if (comparePositions(this.position(), position) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: (reached: boolean) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.eventStore.headPosition();
    return this.runs.map((run) => {
      const lag = Number(BigInt(head) - BigInt(run.position));
      return {
        name: run.projection.name,
        version: run.projection.version,
        status: run.error ? 'failed' : lag > 0 ? 'catching-up' : 'live',
        position: run.position,
        headPosition: head,
        lag: Math.max(lag, 0),
        eventsPerSecond: run.eventsPerSecond(),
        parked: run.parked,
        ...(run.error ? { error: run.error } : {}),
      };
    });
  }

  private async prepareAll(): Promise<void> {
    await this.readModels.ensureIndexes(PARKED_COLLECTION, [{ fields: ['projection'] }]);
    for (const run of this.runs) await this.prepare(run);
  }

  /** Loads the checkpoint; a checkpoint written by another version of the code means starting over. */
  private async prepare(run: ProjectionRun): Promise<void> {
    const { projection } = run;
    const checkpoint = await this.readModels.getCheckpoint(projection.name);
    if (checkpoint && checkpoint.version !== projection.version) {
      this.logger.warn(`${projection.name}: version ${checkpoint.version} → ${projection.version}, rebuilding`);
      await this.readModels.dropCollection(projection.collection);
      run.position = START_POSITION;
    } else {
      run.position = checkpoint?.position ?? START_POSITION;
    }
    await this.readModels.ensureIndexes(projection.collection, projection.indexes ?? []);
    run.parked = await this.readModels.collection(PARKED_COLLECTION).count({ projection: projection.name });
  }

  private async runLoop(): Promise<void> {
    while (!this.stopped) {
      this.subscription = this.eventStore.subscribeToAll({
        fromPosition: this.position(),
        maxBatchSize: this.options.maxBatchSize ?? 1000,
      });
      try {
        for await (const batch of this.subscription) {
          await Promise.all(this.runs.map((run) => this.apply(run, batch)));
          this.releaseWaiters();
        }
      } catch (error) {
        // A read-model write failed: every projection keeps its checkpoint and resumes from it after a pause.
        this.logger.error(`projector stopped: ${String(error)}; retrying`);
        await this.subscription.stop();
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1000));
      }
    }
  }

  private async apply(run: ProjectionRun, batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1].position;
    if (comparePositions(last, run.position) <= 0) return;
    const { projection } = run;
    const events = batch.filter((event) => run.handles(event));
    try {
      if (events.length > 0) await this.applyEvents(run, events);
      run.position = last;
      run.error = undefined;
      await this.readModels.saveCheckpoint(projection.name, { position: last, version: projection.version });
      run.recordProgress(batch.length);
    } catch (error) {
      run.error = String(error);
      throw error;
    }
  }

  private async applyEvents(run: ProjectionRun, events: readonly RecordedEvent[]): Promise<void> {
    const { projection } = run;
    const targets = events.map((event) => ({
      event,
      ids: projection.documentIds(event),
      contextId: projection.contextId?.(event),
    }));
    const collection = this.readModels.collection<ProjectedDocument>(projection.collection);
    const documents = await collection.getMany([
      ...new Set(targets.flatMap(({ ids, contextId }) => (contextId === undefined ? ids : [contextId, ...ids]))),
    ]);
    const touched = new Map<string, ProjectedDocument | null>();
    const current = (id: string) => (touched.has(id) ? touched.get(id)! : (documents.get(id) ?? null));
    const parked: ParkedEvent[] = [];

    for (const { event, ids, contextId } of targets) {
      for (const id of ids) {
        const document = current(id);
        if (document && comparePositions(document._position, event.position) >= 0) continue;
        try {
          const next = projection.evolve(document, event, id, contextId === undefined ? undefined : current(contextId));
          touched.set(id, next === null ? null : { ...next, _id: id, _position: event.position });
        } catch (error) {
          parked.push(parkedEvent(projection.name, event, error));
        }
      }
    }

    // Context documents are written last: if a crash cuts the batch short, none is ahead of a document that read it,
    // so the redelivered events see the context they saw the first time.
    const contextIds = new Set(targets.flatMap(({ contextId }) => contextId ?? []));
    const operations: WriteOperation<ProjectedDocument>[] = [...touched]
      .sort(([a], [b]) => Number(contextIds.has(a)) - Number(contextIds.has(b)))
      .map(([id, document]) => (document === null ? { kind: 'delete', id } : { kind: 'upsert', document }));
    await collection.bulkWrite(operations);
    if (parked.length > 0) {
      await this.readModels
        .collection<ParkedEvent>(PARKED_COLLECTION)
        .bulkWrite(parked.map((document) => ({ kind: 'upsert', document })));
      run.parked += parked.length;
      this.logger.warn(`${projection.name}: parked ${parked.length} event(s); first: ${parked[0].error}`);
    }
  }

  private releaseWaiters(): void {
    const position = this.position();
    const [reached, waiting] = partition(this.waiters, (waiter) => comparePositions(position, waiter.position) >= 0);
    this.waiters = waiting;
    for (const waiter of reached) waiter.resolve(true);
  }
}

function parkedEvent(projection: string, event: RecordedEvent, error: unknown): ParkedEvent {
  return {
    _id: `${projection}:${event.position}`,
    projection,
    position: event.position,
    eventId: event.eventId,
    streamId: event.streamId,
    type: event.type,
    error: error instanceof Error ? error.message : String(error),
    parkedAt: new Date().toISOString(),
  };
}

function partition<T>(items: readonly T[], predicate: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (predicate(item) ? yes : no).push(item);
  return [yes, no];
}
