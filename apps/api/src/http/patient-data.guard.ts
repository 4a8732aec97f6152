import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { findPii, type PiiKind } from '@app/domain';
import type { FastifyRequest } from 'fastify';
import { ProblemException, type FieldProblem } from './problem';

const detailFor = (kind: PiiKind, what = 'value') =>
  `this ${what} holds a ${kind.replace(/-/g, ' ')}; patient data never enters the record`;

/** Every string in a request value, at any depth, and every property name, by JSON Pointer; never the text itself. */
function patientDataIn(value: unknown, pointer: string): FieldProblem[] {
  if (typeof value === 'string') {
    const kind = findPii(value);
    return kind ? [{ pointer, detail: detailFor(kind) }] : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    // A name holding a number cannot be named without echoing it: the problem points at its object.
    const keyKind = findPii(key);
    return keyKind
      ? [{ pointer, detail: detailFor(keyKind, 'object has a property name that') }]
      : patientDataIn(item, `${pointer}/${key}`);
  });
}

const RECORDS_ITS_QUERY = 'records-its-query';
/**
 * A read that records its query and Idempotency-Key in the log (the audit export, recorded as AuditExported): the
 * guard checks them as it checks a write.
 */
export const RecordsItsQuery = () => SetMetadata(RECORDS_ITS_QUERY, true);

/**
 * A write that holds a patient identifier anywhere it could be recorded is refused before anything reads it: every
 * body field and every path parameter (client-chosen ids name streams and are copied into seals), whatever its DTO
 * says, so a field added tomorrow is covered without anyone remembering to; and the Idempotency-Key, stored on every
 * event. Reads record nothing (but the one marked `RecordsItsQuery`), and a record written before this guard must stay reachable by its id to be dealt with.
 * (A correlation id holding one is replaced instead: see bootstrap.)
 */
@Injectable()
export class PatientDataGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const recordsItsQuery = this.reflector.get<boolean | undefined>(RECORDS_ITS_QUERY, context.getHandler()) === true;
    if ((request.method === 'GET' || request.method === 'HEAD') && !recordsItsQuery) return true;
    const problems = [
      ...(recordsItsQuery ? patientDataIn(request.query, '/query') : []),
      ...patientDataIn(request.params, '/path'),
      ...patientDataIn(request.headers['idempotency-key'], '/headers/idempotency-key'),
      ...patientDataIn(request.body, ''),
    ];
    if (problems.length > 0) {
      throw new ProblemException(
        'PII.FORBIDDEN',
        'The request holds patient data, which never enters the record',
        problems,
      );
    }
    return true;
  }
}
