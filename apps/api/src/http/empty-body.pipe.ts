import { Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem';

/**
 * The body of a write that takes no fields (`{}`). A DTO class without properties cannot express it (strict
 * validation refuses a class it has no rules for), yet unknown fields must still be refused, as everywhere else.
 */
@Injectable()
export class EmptyBodyPipe implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ProblemException('VALIDATION.FAILED', 'The body must be an empty object', [
        { pointer: '', detail: 'must be {}' },
      ]);
    }
    const fields = Object.keys(value);
    if (fields.length === 0) return {};
    throw new ProblemException(
      'VALIDATION.FAILED',
      'The request has invalid or unknown fields',
      fields.map((field) => ({ pointer: `/${field}`, detail: `property ${field} should not exist` })),
    );
  }
}
