import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AppendNotifier } from './append-notifier';
import type { AllSubscription, Position, ReadAllOptions, RecordedEvent } from './event-store.port';

const DEFAULT_BATCH = 1000;
const IDLE_POLL_MS = 1000;

/** Catch-up-then-live subscription for stores that can page through their log and announce appends. */
export class PollingSubscription implements AllSubscription {
  private stopped = false;
  private cancelWait: (() => void) | undefined;

  constructor(
    private readonly readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
    private readonly notifier: AppendNotifier,
    private position: Position,
    private readonly maxBatchSize = DEFAULT_BATCH,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<readonly RecordedEvent[]> {
    while (!this.stopped) {
      const page = await this.readAll({ fromPosition: this.position, limit: this.maxBatchSize });
      if (this.stopped) return;
      if (page.length > 0) {
        this.position = page[page.length - 1].position;
        yield page;
        // Reading the embedded log involves no I/O wait: catching up on a long log would otherwise hold the event
        // loop, and every request, until done.
        await yieldToEventLoop();
        continue;
      }
      const { promise, cancel } = this.notifier.wait(IDLE_POLL_MS);
      this.cancelWait = cancel;
      await promise;
      this.cancelWait = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWait?.();
  }
}
