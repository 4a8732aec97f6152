/**
 * A named refusal. `code` is a stable public contract (e.g. `FOLLOWUP.ALREADY_COMPLETED`); the HTTP
 * status for each code is decided in one place, the API's exception filter.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
