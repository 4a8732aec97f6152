import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { hospitalNotFound } from '@app/domain';
import { UPCAST_EVENT_STORE, type EventStore } from '@app/event-store';
import {
  hospitalExists,
  MemoryReadModelStore,
  PROJECTIONS,
  Projector,
  READ_MODEL_STORE,
  ReadModelProgress,
  type Projection,
  type ReadModelStore,
} from '@app/read-models';
import { assertHospitalNamed } from '../shared/hospital-scope';

/** Live answers kept at once, at most: the oldest goes first, so questions naming periods that do not exist can't grow it. */
const MAX_KEPT_ANSWERS = 256;

/**
 * The read models a report is computed from: the live ones, or for `asOf` the same projections replayed into a
 * scratch store up to that time, so a past answer comes from the same code as a current one.
 */
@Injectable()
export class ReportSource {
  /** Live answers (or their computations under way) by question, all computed at `keptAt`. */
  private kept = new Map<string, Promise<unknown>>();
  private keptAt: string | undefined;

  constructor(
    @Inject(UPCAST_EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_MODEL_STORE) private readonly live: ReadModelStore,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
    private readonly progress: ReadModelProgress,
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

  /**
   * `compute` over the read models `at(asOf)`. A report is a function of the read models alone, so a live answer
   * is kept until they move on (`servingKey`) and the same question asked meanwhile costs a lookup, concurrent
   * askers sharing one computation: the read models change once per applied batch, not per query. `question`
   * must name everything `compute` depends on. `asOf` answers are replayed every time.
   */
  async answer<T>(
    asOf: string | undefined,
    question: string,
    compute: (readModels: ReadModelStore) => Promise<T>,
  ): Promise<T> {
    if (asOf !== undefined) return compute(await this.at(asOf));
    const servingKey = await this.progress.servingKey();
    if (servingKey !== this.keptAt) {
      this.kept = new Map();
      this.keptAt = servingKey;
    }
    const kept = this.kept.get(question) as Promise<T> | undefined;
    if (kept) return kept;
    const answer = compute(this.live);
    const answers = this.kept;
    answers.set(question, answer);
    if (answers.size > MAX_KEPT_ANSWERS) answers.delete(answers.keys().next().value!);
    // A failure is not kept: the next asker tries again.
    answer.catch(() => answers.get(question) === answer && answers.delete(question));
    return answer;
  }

  /**
   * Refuses a report on a hospital outside the caller's scope (AUTH.FORBIDDEN), and on one no org unit names
   * (HOSPITAL.NOT_FOUND) rather than answering it empty, so a mistyped id reads as one. Asked of the live read
   * models, and kept like any live answer until they move on.
   */
  async requireHospital(principal: Principal, hospitalId: string | undefined): Promise<void> {
    if (hospitalId === undefined) return;
    assertHospitalNamed(principal, hospitalId);
    const exists = await this.answer(undefined, `hospital ${hospitalId}`, (readModels) =>
      hospitalExists(readModels, hospitalId),
    );
    if (!exists) throw hospitalNotFound(hospitalId);
  }
}
