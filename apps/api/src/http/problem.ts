import { HttpException } from '@nestjs/common';

/** An RFC 9457 problem as this API writes it: `code` is the stable, documented part. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly FieldProblem[];
}

export interface FieldProblem {
  /** JSON Pointer into the request (`/attendeeIds/0`, or `/query/minPosition` for query parameters). */
  readonly pointer: string;
  readonly detail: string;
}

/** A problem raised by the HTTP layer itself (validation, auth, lagging read models). */
export class ProblemException extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors?: readonly FieldProblem[],
  ) {
    super(message);
    this.name = 'ProblemException';
  }
}

/**
 * The one table from stable codes to HTTP statuses. Codes not listed fall back by their last words (`…NOT_FOUND`
 * → 404, `…ALREADY_*` → 409, e.g. `ASSESSMENT.PERIOD_NOT_FOUND`), and any other domain refusal is 422.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'VALIDATION.FAILED': 400,
  'REQUEST.MALFORMED': 400,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.FORBIDDEN': 403,
  'ROUTE.NOT_FOUND': 404,
  'CONCURRENCY.CONFLICT': 409,
  'CONCURRENCY.DUPLICATE_EVENT': 409,
  'CONCURRENCY.STALE_REVISION': 412,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.URI_TOO_LONG': 414,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'IDEMPOTENCY.KEY_REUSED': 422,
  'RATE.LIMITED': 429,
  'INTERNAL.ERROR': 500,
  'PROJECTION.LAGGING': 503,
  'AUDIT.LOG_NOT_INTACT': 503,
  'PROJECTION.REBUILD_RUNNING': 409,
  'PROJECTION.NOT_HOSTED': 409,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? (/[._]NOT_FOUND$/.test(code) ? 404 : /[._]ALREADY_[A-Z_]+$/.test(code) ? 409 : 422);
}

export function problemFor(
  code: string,
  detail: string,
  errors?: readonly FieldProblem[],
  status = statusForCode(code),
): Problem {
  return {
    type: `urn:problem:${code.toLowerCase()}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/**
 * Errors the framework raises before a route runs (unparsable or oversized bodies, undecodable URLs, path parameters
 * over 100 characters, unknown routes, the limiter).
 */
const FRAMEWORK_CODES: Readonly<Record<number, string>> = {
  400: 'REQUEST.MALFORMED',
  404: 'ROUTE.NOT_FOUND',
  413: 'REQUEST.TOO_LARGE',
  414: 'REQUEST.URI_TOO_LONG',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE.LIMITED',
};

/** Turns anything thrown while serving a request into the problem the client sees. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemException) return problemFor(error.code, error.message, error.errors);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return problemFor(FRAMEWORK_CODES[status] ?? `HTTP.${status}`, error.message, undefined, status);
  }
  if (isCoded(error) && /^[A-Z_]+\.[A-Z_]+$/.test(error.code)) return problemFor(error.code, error.message);
  return problemFor('INTERNAL.ERROR', 'An unexpected error occurred');
}

function isCoded(error: unknown): error is { code: string; message: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}
