import { applyDecorators } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  type OpenAPIObject,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { unauthenticated } from '@app/auth';
import { DomainError } from '@app/domain';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, WrongExpectedRevisionError } from '@app/event-store';
import { logNotIntact } from '../audit/audit-integrity';
import { ProblemException, problemFor, statusForCode, type FieldProblem } from './problem';
import { WriteResult } from './write-result';

class FieldProblemView {
  @ApiProperty({ example: '/periodId' }) pointer!: string;
  @ApiProperty({ example: 'periodId is required' }) detail!: string;
}

/** An RFC 9457 problem document, as every error of this API is written. */
export class ProblemView {
  @ApiProperty({ example: 'urn:problem:validation.failed' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'The request has invalid or unknown fields' }) detail!: string;
  @ApiProperty({ example: 'VALIDATION.FAILED', description: 'Stable; program against this' }) code!: string;
  @ApiPropertyOptional({
    type: [FieldProblemView],
    description: 'With 400 VALIDATION.FAILED, and with 422 PII.FORBIDDEN: the fields named, never their values',
  })
  errors?: FieldProblemView[];
}

/**
 * A refusal a route documents, as the route raises it: a DomainError, a ProblemException or a store error, whose code
 * decides the status by the one table (statusForCode), so a documented example cannot sit under another status.
 */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly errors?: readonly FieldProblem[];
}

/** A refusal raised outside the domain's factories (the framework, the limiter, a report's own rule). */
export const refusal = (code: string, detail: string): Refusal => new DomainError(code, detail);
const PATIENT_DATA = new ProblemException(
  'PII.FORBIDDEN',
  'A patient identifier (a mobile or landline number, a resident ID number, in any spelling) never enters the record',
  [
    {
      pointer: '/absentees/0/reason',
      detail: 'this value holds a mobile number; patient data never enters the record',
    },
  ],
);

const MISSING_FIELD = new ProblemException('VALIDATION.FAILED', 'The request has invalid or unknown fields', [
  { pointer: '/periodId', detail: 'periodId is required' },
]);
const RATE_LIMITED = refusal(
  'RATE.LIMITED',
  'Over RATE_LIMIT_PER_MINUTE requests in a minute from this client; try again after Retry-After seconds',
);
const AUTH = [
  unauthenticated('An Authorization: Bearer <token> header is required'),
  refusal('AUTH.FORBIDDEN', 'This needs one of the roles reader, inspector, admin'),
];
const NOT_JSON = refusal('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type: text/plain');

const READ_REFUSALS: readonly Refusal[] = [
  MISSING_FIELD,
  ...AUTH,
  RATE_LIMITED,
  refusal('PROJECTION.LAGGING', 'Read models did not reach position 1042 within 5000 ms'),
];

const WRITE_REFUSALS: readonly Refusal[] = [
  MISSING_FIELD,
  refusal('REQUEST.MALFORMED', 'The body is not valid UTF-8'),
  ...AUTH,
  new ConcurrencyConflictError('meeting-mt-2024-03-cardiology', 5),
  new WrongExpectedRevisionError('meeting-mt-2024-03-cardiology', 2, 3),
  refusal('REQUEST.TOO_LARGE', 'Request body is too large'),
  NOT_JSON,
  new IdempotencyKeyReusedError('3f2b9c1e-7d4a-4f0e-9b1a-2c5d8e6f7a90'),
  PATIENT_DATA,
  RATE_LIMITED,
  logNotIntact(),
];

const ACTION_REFUSALS: readonly Refusal[] = [MISSING_FIELD, ...AUTH, NOT_JSON, PATIENT_DATA, RATE_LIMITED];

/**
 * One response per status, each with an example of every code it can carry: Swagger UI shows a status's own
 * examples, so a 404 reads `…NOT_FOUND` and a 401 `AUTH.UNAUTHENTICATED`, never one shared 422.
 */
function problemResponses(refusals: readonly Refusal[]): MethodDecorator[] {
  const byStatus = new Map<number, Refusal[]>();
  for (const refused of refusals) {
    const status = statusForCode(refused.code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), refused]);
  }
  return [...byStatus].map(([status, refused]) =>
    ApiResponse({
      status,
      description: [...new Set(refused.map(({ code }) => code))].join(', '),
      content: {
        'application/problem+json': {
          schema: { $ref: '#/components/schemas/ProblemView' },
          examples: Object.fromEntries(
            refused.map(({ code, message, errors }) => [code, { value: problemFor(code, message, errors) }]),
          ),
        },
      },
    }),
  );
}

/** A read route: its summary and the problems it can answer with (its own, such as its `*.NOT_FOUND`, last). */
export const ApiRead = (summary: string, ...own: Refusal[]) =>
  applyDecorators(ApiOperation({ summary }), ...problemResponses([...READ_REFUSALS, ...own]));

/** A write route: its summary, the contract's headers, the write result and every problem it can answer with. */
export const ApiWrite = (summary: string, ...own: Refusal[]) =>
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
    ...problemResponses([...WRITE_REFUSALS, ...own]),
  );

/** A POST that runs an operation rather than recording a domain command: its summary and problems. */
export const ApiAction = (summary: string, ...own: Refusal[]) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Echoed, and recorded on the events it writes; one holding a patient identifier is replaced',
    }),
    ...problemResponses([...ACTION_REFUSALS, ...own]),
  );

type Schema = SchemaObject | ReferenceObject;

/**
 * Swagger UI's "Try it out" starts a body from the request body's example, else from a sample of every property of
 * the schema, optional ones included (their examples, or "string" and 0). Each JSON body gets an example of its
 * required fields only, so what a user sends is what they chose to fill in; the schema still shows the rest.
 */
export function withRequiredFieldBodyExamples(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: Schema): SchemaObject =>
    '$ref' in schema ? resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;
  const sample = (given: Schema): unknown => {
    const schema = resolve(given);
    if (schema.example !== undefined) return schema.example;
    if (schema.allOf?.length === 1) return sample(schema.allOf[0]);
    if (schema.enum) return schema.enum[0];
    if (schema.type === 'array' && schema.items) return [sample(schema.items)];
    if (!schema.properties) return undefined;
    const { properties } = schema;
    return Object.fromEntries((schema.required ?? []).map((name) => [name, sample(properties[name])]));
  };
  for (const methods of Object.values(document.paths)) {
    for (const operation of Object.values(methods)) {
      const body = (operation as { requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> } })
        .requestBody?.content?.['application/json'];
      if (body?.schema && body.example === undefined) body.example = sample(body.schema);
    }
  }
  return document;
}
