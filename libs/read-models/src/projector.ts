import { Logger } from '@nestjs/common';
import { Mutex } from 'async-mutex';
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
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

export type ProjectionState = 'catching-up' | 'live' | 'rebuilding' | 'failed';

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

/** How a rebuild is getting on; `total` is estimated from log positions (exact on SQLite, whose are dense). */
export interface RebuildProgress {
  readonly rebuildId: string;
  readonly state: 'running' | 'completed' | 'failed';
  readonly processed: number;
  readonly total: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly error?: string;
}

const RATE_WINDOW_MS = 5000;

/** Events per second over the last few seconds. */
class RateMeter {
  private samples: { at: number; processed: number }[] = [];

  record(processed: number): void {
    const now = Date.now();
    this.samples.push({ at: now, processed });
    this.samples = this.samples.filter((sample) => now - sample.at <= RATE_WINDOW_MS);
  }

  perSecond(): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const processed = this.samples.slice(1).reduce((sum, sample) => sum + sample.processed, 0);
    return last.at > first.at ? Math.round((processed * 1000) / (last.at - first.at)) : 0;
  }
}

/** Per projection: how far it got and how fast. */
class ProjectionRun {
  position: Position = START_POSITION;
  parked = 0;
  error: string | undefined;
  /** Its documents were written by another version of the code: they keep serving, untouched, until a rebuild. */
  frozen = false;
  readonly rate = new RateMeter();
  private readonly types: ReadonlySet<string> | 'all';

  constructor(readonly projection: Projection) {
    this.types = projection.handles === 'all' ? 'all' : new Set(projection.handles);
  }

  /** The events of the batch it handles and has yet to apply, in log order. */
  select(batch: readonly RecordedEvent[]): readonly RecordedEvent[] {
    // Only a batch that straddles the checkpoint (the first after a restart) needs a look at each position.
    const from =
      comparePositions(batch[0].position, this.position) > 0
        ? 0
        : batch.findIndex((event) => comparePositions(event.position, this.position) > 0);
    if (from === -1) return [];
    if (this.types === 'all') return from === 0 ? batch : batch.slice(from);
    const selected: RecordedEvent[] = [];
    for (let i = from; i < batch.length; i++) if (this.types.has(batch[i].type)) selected.push(batch[i]);
    return selected;
  }
}

class Rebuild {
  readonly id = randomUUID();
  readonly startedAt = new Date().toISOString();
  state: RebuildProgress['state'] = 'running';
  processed = 0;
  total = 0;
  finishedAt: string | undefined;
  error: string | undefined;
  task: Promise<void> = Promise.resolve();
  private readonly rate = new RateMeter();

  advance(events: number, position: Position, head: Position): void {
    this.processed += events;
    // Positions grow with the log, so the share of the head reached estimates the share of events read.
    this.total = Math.max(this.processed, Math.round((this.processed * Number(head)) / Math.max(Number(position), 1)));
    this.rate.record(events);
  }

  finish(error?: unknown): void {
    this.state = error === undefined ? 'completed' : 'failed';
    this.error = error === undefined ? undefined : String(error);
    this.finishedAt = new Date().toISOString();
  }

  progress(): RebuildProgress {
    const eventsPerSecond = this.rate.perSecond();
    const remaining = this.total - this.processed;
    return {
      rebuildId: this.id,
      state: this.state,
      processed: this.processed,
      total: this.total,
      eventsPerSecond,
      etaSeconds: this.state !== 'running' ? 0 : eventsPerSecond > 0 ? Math.ceil(remaining / eventsPerSecond) : null,
      startedAt: this.startedAt,
      ...(this.finishedAt ? { finishedAt: this.finishedAt } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }
}

/** Where a rebuild writes until it takes over: beside the live collection, under the same name plus this. */
const SHADOW_SUFFIX = '__rebuild';

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
  /** Held while a batch is applied, so a rebuild can take over between two batches, never inside one. */
  private readonly batches = new Mutex();
  /** The last position the live subscription has delivered to every projection. */
  private delivered: Position = START_POSITION;
  private readonly rebuilds = new Map<string, Rebuild>();

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
    this.delivered = this.position();
    this.loop = this.runLoop();
    for (const run of this.runs) if (run.frozen) this.rebuild(run.projection.name);
  }

  /**
   * Projections still serving documents another version of the code built, until their rebuild takes over: this
   * instance's code may not read them, so it is not ready meanwhile (the old instances serve).
   */
  frozenProjections(): string[] {
    return this.runs.filter((run) => run.frozen).map((run) => run.projection.name);
  }

  /** The projections this projector runs, by name. */
  projectionNames(): string[] {
    return this.runs.map((run) => run.projection.name);
  }

  /**
   * Builds the projection again from the start into a shadow collection while the live one keeps serving and
   * keeping up; once the shadow reaches what the live one has applied, it takes the live one's place between two
   * batches. Returns the rebuild's id at once; `rebuildProgress` follows it. One rebuild per projection at a time.
   */
  rebuild(name: string): string {
    const run = this.runNamed(name);
    if (this.rebuilds.get(name)?.state === 'running') throw new Error(`a rebuild of ${name} is already running`);
    const rebuild = new Rebuild();
    this.rebuilds.set(name, rebuild);
    rebuild.task = this.runRebuild(run, rebuild).then(
      () => rebuild.finish(),
      (error: unknown) => {
        this.logger.error(`${name}: rebuild failed: ${String(error)}`);
        rebuild.finish(error);
      },
    );
    return rebuild.id;
  }

  /** The latest rebuild of the projection, running or finished; `null` if none ran since start. */
  rebuildProgress(name: string): RebuildProgress | null {
    this.runNamed(name);
    return this.rebuilds.get(name)?.progress() ?? null;
  }

  /** Resolves when the projection's latest rebuild has finished, however it ended. */
  async rebuildFinished(name: string): Promise<void> {
    await this.rebuilds.get(name)?.task;
  }

  /** Events the projection could not apply, oldest first, with the error each raised. */
  parkedEvents(name: string, limit = 100): Promise<ParkedEvent[]> {
    this.runNamed(name);
    return this.readModels
      .collection<ParkedEvent>(PARKED_COLLECTION)
      .find({ projection: name }, { sort: { _id: 1 }, limit });
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
    await Promise.all([...this.rebuilds.values()].map((rebuild) => rebuild.task));
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }

  /**
   * The position every projection has applied: a read served now reflects everything up to it. Frozen projections
   * are left out: they serve what another version of the code built until their rebuild takes over.
   */
  position(): Position {
    const live = this.runs.filter((run) => !run.frozen);
    return live.length > 0 ? lowestPosition(live.map((run) => run.position)) : this.delivered;
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
      const rebuilding = run.frozen || this.rebuilds.get(run.projection.name)?.state === 'running';
      return {
        name: run.projection.name,
        version: run.projection.version,
        status: run.error ? 'failed' : rebuilding ? 'rebuilding' : lag > 0 ? 'catching-up' : 'live',
        position: run.position,
        headPosition: head,
        lag: Math.max(lag, 0),
        eventsPerSecond: run.rate.perSecond(),
        parked: run.parked,
        ...(run.error ? { error: run.error } : {}),
      };
    });
  }

  private async prepareAll(): Promise<void> {
    await this.readModels.ensureIndexes(PARKED_COLLECTION, [{ fields: ['projection'] }]);
    for (const run of this.runs) await this.prepare(run);
  }

  /**
   * Loads the checkpoint. A checkpoint written by another version of the code freezes the projection: its documents
   * keep serving as they are while `start` rebuilds it, rather than being dropped or fed to code they do not fit.
   */
  private async prepare(run: ProjectionRun): Promise<void> {
    const { projection } = run;
    const checkpoint = await this.readModels.getCheckpoint(projection.name);
    run.position = checkpoint?.position ?? START_POSITION;
    run.frozen = checkpoint !== null && checkpoint.version !== projection.version;
    if (run.frozen)
      this.logger.warn(`${projection.name}: version ${checkpoint!.version} → ${projection.version}, rebuilding`);
    // A rebuild cut short by a crash left its shadow behind; it starts over.
    await this.readModels.dropCollection(projection.collection + SHADOW_SUFFIX);
    await this.readModels.ensureIndexes(projection.collection, projection.indexes ?? []);
    run.parked = await this.readModels.collection(PARKED_COLLECTION).count({ projection: projection.name });
  }

  private runNamed(name: string): ProjectionRun {
    const run = this.runs.find((candidate) => candidate.projection.name === name);
    if (!run) throw new Error(`no projection named ${name}`);
    return run;
  }

  private async runRebuild(run: ProjectionRun, rebuild: Rebuild): Promise<void> {
    const { projection } = run;
    const shadow = new ProjectionRun({
      ...projection,
      name: projection.name + SHADOW_SUFFIX,
      collection: projection.collection + SHADOW_SUFFIX,
    });
    await this.readModels.dropCollection(shadow.projection.collection);
    await this.readModels.ensureIndexes(shadow.projection.collection, projection.indexes ?? []);
    await this.deleteParked(shadow.projection.name);
    const batchSize = this.options.maxBatchSize ?? 1000;
    /** Applies the log up to `until` to the shadow; answers how many events that took. */
    const catchUp = async (until: Position): Promise<number> => {
      for (let applied = 0; ;) {
        if (this.stopped) throw new Error('the projector stopped');
        // An embedded store answers without I/O: without this the rebuild would hold the event loop, and the
        // requests it is meant to keep serving, until it is done.
        await yieldToEventLoop();
        const page = await this.eventStore.readAll({ fromPosition: shadow.position, limit: batchSize });
        const batch = page.filter((event) => comparePositions(event.position, until) <= 0);
        if (batch.length === 0) return applied;
        await this.applyEvents(shadow, shadow.select(batch));
        shadow.position = batch[batch.length - 1].position;
        applied += batch.length;
        rebuild.advance(batch.length, shadow.position, await this.eventStore.headPosition());
        if (batch.length < page.length) return applied;
      }
    };
    // The log is read outside the lock while live batches go on, pass after pass until the live side is at most a
    // batch ahead; only that last stretch holds the lock, so live projection pauses for one batch at most.
    while ((await catchUp(this.delivered)) > batchSize);
    await this.batches.runExclusive(async () => {
      const target = this.delivered;
      await catchUp(target);
      await this.takeOver(run, shadow, target);
    });
  }

  /** The shadow replaces the live collection in one step, with its parked events and a checkpoint at `target`. */
  private async takeOver(run: ProjectionRun, shadow: ProjectionRun, target: Position): Promise<void> {
    const { projection } = run;
    await this.readModels.renameCollection(shadow.projection.collection, projection.collection);
    const parked = this.readModels.collection<ParkedEvent>(PARKED_COLLECTION);
    const reparked = await parked.find({ projection: shadow.projection.name });
    await this.deleteParked(projection.name);
    await parked.bulkWrite([
      ...reparked.map((event) => ({ kind: 'delete' as const, id: event._id })),
      ...reparked.map((event) => ({
        kind: 'upsert' as const,
        document: { ...event, _id: `${projection.name}:${event.position}`, projection: projection.name },
      })),
    ]);
    run.position = target;
    run.parked = reparked.length;
    run.frozen = false;
    run.error = undefined;
    await this.readModels.saveCheckpoint(projection.name, { position: target, version: projection.version });
    this.logger.log(`${projection.name}: rebuilt to ${target}, now serving`);
    this.releaseWaiters();
  }

  private async deleteParked(projectionName: string): Promise<void> {
    const parked = this.readModels.collection<ParkedEvent>(PARKED_COLLECTION);
    const stale = await parked.find({ projection: projectionName });
    await parked.bulkWrite(stale.map((event) => ({ kind: 'delete', id: event._id })));
  }

  private async runLoop(): Promise<void> {
    while (!this.stopped) {
      this.subscription = this.eventStore.subscribeToAll({
        fromPosition: this.position(),
        maxBatchSize: this.options.maxBatchSize ?? 1000,
      });
      try {
        for await (const batch of this.subscription) {
          // Not `runExclusive`: catching up on the city log through its wrapper, most events ended up copied to the
          // old generation (0.8 GB promoted rather than 30 MB), which costs scavenge time and memory.
          const release = await this.batches.acquire();
          try {
            await Promise.all(this.runs.map((run) => this.apply(run, batch)));
            this.delivered = batch[batch.length - 1].position;
          } finally {
            release();
          }
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
    if (run.frozen || comparePositions(last, run.position) <= 0) return;
    const { projection } = run;
    const events = run.select(batch);
    try {
      if (events.length > 0) await this.applyEvents(run, events);
      run.position = last;
      run.error = undefined;
      await this.readModels.saveCheckpoint(projection.name, { position: last, version: projection.version });
      run.rate.record(batch.length);
    } catch (error) {
      run.error = String(error);
      throw error;
    }
  }

  private async applyEvents(run: ProjectionRun, events: readonly RecordedEvent[]): Promise<void> {
    const { projection } = run;
    const ids = events.map((event) => projection.documentIds(event));
    const contextIds = projection.contextId ? events.map(projection.contextId) : undefined;
    const wanted = new Set(contextIds);
    for (const eventIds of ids) for (const id of eventIds) wanted.add(id);
    const collection = this.readModels.collection<ProjectedDocument>(projection.collection);
    const documents = await collection.getMany([...wanted]);
    // Every document the batch touches is evolved here and written once, at the end.
    const touched = new Map<string, ProjectedDocument | null>();
    const current = (id: string) => {
      const document = touched.get(id);
      return document === undefined ? (documents.get(id) ?? null) : document;
    };
    const parked: ParkedEvent[] = [];

    events.forEach((event, i) => {
      const contextId = contextIds?.[i];
      for (const id of ids[i]) {
        const document = current(id);
        if (document && comparePositions(document._position, event.position) >= 0) continue;
        try {
          const next = projection.evolve(document, event, id, contextId === undefined ? undefined : current(contextId));
          touched.set(id, next === null ? null : stamped(next, id, event.position));
        } catch (error) {
          parked.push(parkedEvent(projection.name, event, error));
        }
      }
    });

    // Context documents are written last: if a crash cuts the batch short, none is ahead of a document that read it,
    // so the redelivered events see the context they saw the first time.
    const contexts = new Set(contextIds);
    const operations: WriteOperation<ProjectedDocument>[] = [];
    const contextWrites: WriteOperation<ProjectedDocument>[] = [];
    touched.forEach((document, id) =>
      (contexts.has(id) ? contextWrites : operations).push(
        document === null ? { kind: 'delete', id } : { kind: 'upsert', document },
      ),
    );
    await collection.bulkWrite(operations.concat(contextWrites));
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

/** The document as evolved, keyed and stamped with the event's position; evolve may have done that already. */
function stamped(document: ReadModelDocument, id: string, position: Position): ProjectedDocument {
  const projected = document as ProjectedDocument;
  return projected._id === id && projected._position === position
    ? projected
    : { ...document, _id: id, _position: position };
}

function partition<T>(items: readonly T[], predicate: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (predicate(item) ? yes : no).push(item);
  return [yes, no];
}
