import { Inject, Injectable } from '@nestjs/common';
import { UPCAST_EVENT_STORE, type EventStore } from '@app/event-store';
import {
  MemoryReadModelStore,
  PROJECTIONS,
  Projector,
  READ_MODEL_STORE,
  type Projection,
  type ReadModelStore,
} from '@app/read-models';

/**
 * The read models a report is computed from: the live ones, or for `asOf` the same projections replayed into a
 * scratch store up to that time, so a past answer comes from the same code as a current one.
 */
@Injectable()
export class ReportSource {
  constructor(
    @Inject(UPCAST_EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_MODEL_STORE) private readonly live: ReadModelStore,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
  ) {}

  async at(asOf: string | undefined): Promise<ReadModelStore> {
    if (asOf === undefined) return this.live;
    const cutoff = Date.parse(asOf);
    const scratch = new MemoryReadModelStore();
    // Projections over the whole log (the audit index, idempotency keys) answer no report: not worth replaying.
    const reportInputs = this.projections.filter((projection) => projection.handles !== 'all');
    await new Projector(this.eventStore, scratch, reportInputs).replay(
      (event) => Date.parse(event.createdAt) <= cutoff,
    );
    return scratch;
  }
}
