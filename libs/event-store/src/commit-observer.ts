/**
 * Told of each transaction the embedded store's group commit makes durable, so the app can count appends and batch
 * sizes without this lib knowing how metrics are kept.
 */
export interface CommitObserver {
  /** One transaction carried `appends` appends (refused ones included) and wrote `events` new events. */
  committed(appends: number, events: number): void;
}

/** Optional: without a provider the store observes nothing. */
export const COMMIT_OBSERVER = Symbol('COMMIT_OBSERVER');
