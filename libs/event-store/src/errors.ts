import type { ExpectedRevision } from './event-store.port';

/** The stream moved since the writer read it. Carries what was expected and what was found. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'CONCURRENCY.STALE_REVISION';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at revision ${actual}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Concurrent writers kept winning: the command was re-decided the maximum number of times. */
export class ConcurrencyConflictError extends Error {
  readonly code = 'CONCURRENCY.CONFLICT';

  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`Stream ${streamId} kept changing; gave up after ${attempts} attempts`);
    this.name = 'ConcurrencyConflictError';
  }
}

/** An event id was re-sent in a place other than where it is stored. */
export class DuplicateEventIdError extends Error {
  readonly code = 'CONCURRENCY.DUPLICATE_EVENT';

  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`Event ${eventId} is already stored elsewhere than stream ${streamId}'s next revision`);
    this.name = 'DuplicateEventIdError';
  }
}

/** An Idempotency-Key came back with a different request than the one it first answered. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';

  constructor(readonly idempotencyKey: string) {
    super(`Idempotency-Key ${idempotencyKey} was first used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
