import { applyDecorators } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  type ApiResponseOptions,
} from '@nestjs/swagger';
import { WriteResult } from './write-result';

class FieldProblemView {
  @ApiProperty({ example: '/attendeeIds/0' }) pointer!: string;
  @ApiProperty({ example: 'each value in attendeeIds must match the id pattern' }) detail!: string;
}

/** An RFC 9457 problem document, as every error of this API is written. */
export class ProblemView {
  @ApiProperty({ example: 'urn:problem:meeting.attendee_not_member' }) type!: string;
  @ApiProperty({ example: 'Unprocessable Content' }) title!: string;
  @ApiProperty({ example: 422 }) status!: number;
  @ApiProperty({ example: 'Member m-1 did not belong to unit cardiology on 2024-03-12' }) detail!: string;
  @ApiProperty({ example: 'MEETING.ATTENDEE_NOT_MEMBER', description: 'Stable; program against this' }) code!: string;
  @ApiPropertyOptional({
    type: [FieldProblemView],
    description: 'With 400 VALIDATION.FAILED, and with 422 PII.FORBIDDEN: the fields named, never their values',
  })
  errors?: FieldProblemView[];
}

const problem = (status: number, description: string): ApiResponseOptions => ({
  status,
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemView' } } },
});

const RATE_LIMITED = problem(429, 'RATE.LIMITED: this client sent over RATE_LIMIT_PER_MINUTE; see Retry-After');
const NOT_JSON = problem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE: a body that is not application/json');
const PII =
  'PII.FORBIDDEN: a body field, path parameter or Idempotency-Key holds a patient identifier (a mobile or landline ' +
  'number, a resident ID number, in any spelling); `errors` points at it';

const READ_PROBLEMS = [
  problem(400, 'VALIDATION.FAILED'),
  problem(401, 'AUTH.UNAUTHENTICATED'),
  problem(403, 'AUTH.FORBIDDEN'),
  problem(404, '*.NOT_FOUND'),
  RATE_LIMITED,
  problem(503, 'PROJECTION.LAGGING: minPosition not reached in time'),
];

const WRITE_PROBLEMS = [
  problem(400, 'VALIDATION.FAILED (unknown or invalid fields), REQUEST.MALFORMED (not JSON in UTF-8, or too deep)'),
  problem(401, 'AUTH.UNAUTHENTICATED'),
  problem(403, 'AUTH.FORBIDDEN: role, unit or assessor identity not admitted'),
  problem(404, '*.NOT_FOUND'),
  problem(409, '*.ALREADY_*, CONCURRENCY.CONFLICT'),
  problem(412, 'CONCURRENCY.STALE_REVISION (If-Match)'),
  problem(413, 'REQUEST.TOO_LARGE: body over 256 KiB'),
  NOT_JSON,
  problem(
    422,
    `A domain rule refused the command (e.g. MEETING.ATTENDEE_NOT_MEMBER, ORG.INVALID_TIME_ZONE), ` +
      `IDEMPOTENCY.KEY_REUSED, ${PII}`,
  ),
  RATE_LIMITED,
];

/** A read route: its summary and the problems any read can answer with. */
export const ApiRead = (summary: string) =>
  applyDecorators(ApiOperation({ summary }), ...READ_PROBLEMS.map((options) => ApiResponse(options)));

/** A write route: its summary, the contract's headers, the write result and every problem a write can answer with. */
export const ApiWrite = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Up to 100 characters, no patient identifier (422 PII.FORBIDDEN); a retry returns the first result',
    }),
    ApiHeader({ name: 'If-Match', required: false, description: 'Quoted stream revision, e.g. "3"; stale → 412' }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Echoed, and recorded on every event; one holding a patient identifier is replaced by a new id',
    }),
    ApiCreatedResponse({ type: WriteResult, description: 'Recorded; ETag carries the stream revision' }),
    ApiOkResponse({ type: WriteResult, description: 'Idempotent replay: the first result, nothing appended' }),
    ...WRITE_PROBLEMS.map((options) => ApiResponse(options)),
  );

/** A POST that runs an operation rather than recording a domain command: its summary and problems. */
export const ApiAction = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Echoed, and recorded on the events it writes; one holding a patient identifier is replaced',
    }),
    ...[
      problem(400, 'VALIDATION.FAILED'),
      problem(401, 'AUTH.UNAUTHENTICATED'),
      problem(403, 'AUTH.FORBIDDEN'),
      problem(409, 'CONCURRENCY.CONFLICT'),
      NOT_JSON,
      problem(422, `A rule refused the operation (e.g. AUDIT.LOG_NOT_INTACT), ${PII}`),
      RATE_LIMITED,
    ].map((options) => ApiResponse(options)),
  );
