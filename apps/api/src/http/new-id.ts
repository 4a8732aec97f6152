import type { HandleCommandOptions } from '@app/event-store';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Namespace for ids derived from idempotency keys (a fixed, random UUID). */
const IDEMPOTENT_ID_NAMESPACE = '6f1f6d2e-6b0e-4c55-9a4f-2f1f4f6f0c11';

/**
 * The id of a record the client did not name. With an Idempotency-Key it is derived from the caller and the
 * key, so a retry lands on the same stream and finds the first result there; otherwise a time-ordered UUIDv7.
 */
export function newId({ metadata }: HandleCommandOptions): string {
  const key = metadata.idempotencyKey;
  return key ? uuidv5(`${metadata.actor?.subject ?? ''}\n${key}`, IDEMPOTENT_ID_NAMESPACE) : uuidv7();
}
