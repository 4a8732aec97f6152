import { Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem';

/** No body, `null` or `{}`: what a route that takes no fields accepts. */
export function isEmptyBody(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)
  );
}

/**
 * The body of a write that takes no fields (`{}`). A DTO class without properties cannot express it (strict
 * validation refuses a class it has no rules for), yet unknown fields must still be refused, as everywhere else.
 */
@Injectable()
export class EmptyBodyPipe implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    if (isEmptyBody(value)) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ProblemException('VALIDATION.FAILED', 'The body must be an empty object', [
        { pointer: '', detail: 'must be {}' },
      ]);
    }
    const fields = Object.keys(value);
    throw new ProblemException(
      'VALIDATION.FAILED',
      'The request has invalid or unknown fields',
      fields.map((field) => ({ pointer: `/${field}`, detail: `property ${field} should not exist` })),
    );
  }
}
