import { comparePositions, lowestPosition, START_POSITION, type Position } from '@app/event-store';
import type { Projection } from './projection';
import type { Projector } from './projector';
import type { Checkpoint, ReadModelStore } from './read-model-store.port';

/**
 * How far the read models have applied the log, for read-your-writes: either the projector in this process,
 * or (an API instance with `PROJECTIONS=off`) the checkpoints another instance's projector writes.
 */
export abstract class ReadModelProgress {
  abstract position(): Promise<Position>;
  /** `true` once every projection has applied `position`; `false` if that takes longer than `timeoutMs`. */
  abstract waitUntilCaughtUp(position: Position, timeoutMs: number): Promise<boolean>;
  /**
   * Changes whenever a read may answer differently: at every new position, and when a projection rebuilt under
   * another version of its code takes over, which may happen at the same position. A rebuild under the same code
   * builds the same documents from the same log, so it need not change it. What answers computed from the read
   * models are cached by.
   */
  abstract servingKey(): Promise<string>;
}

export class LocalProjectorProgress extends ReadModelProgress {
  constructor(private readonly projector: Projector) {
    super();
  }

  async position(): Promise<Position> {
    return this.projector.position();
  }

  waitUntilCaughtUp(position: Position, timeoutMs: number): Promise<boolean> {
    return this.projector.waitUntilCaughtUp(position, timeoutMs);
  }

  async servingKey(): Promise<string> {
    return `${this.projector.position()} ${this.projector.frozenProjections().join(',')}`;
  }
}

const CHECKPOINT_POLL_MS = 25;

export class CheckpointProgress extends ReadModelProgress {
  constructor(
    private readonly readModels: ReadModelStore,
    private readonly projections: readonly Projection[],
  ) {
    super();
  }

  async position(): Promise<Position> {
    return lowestPosition((await this.checkpoints()).map((checkpoint) => checkpoint?.position ?? START_POSITION));
  }

  /** Every checkpoint, versions included: another instance's takeover after a version rebuild changes a version. */
  async servingKey(): Promise<string> {
    const checkpoints = await this.checkpoints();
    return checkpoints
      .map((checkpoint) => (checkpoint ? `${checkpoint.position}@${checkpoint.version}` : '-'))
      .join(' ');
  }

  async waitUntilCaughtUp(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (comparePositions(await this.position(), position) >= 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_POLL_MS));
    }
  }

  private checkpoints(): Promise<(Checkpoint | null)[]> {
    return Promise.all(this.projections.map((p) => this.readModels.getCheckpoint(p.name)));
  }
}
