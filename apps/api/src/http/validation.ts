import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldProblem } from './problem';

/** Flattens class-validator's tree into JSON Pointers, one entry per broken constraint. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((detail) => ({ pointer, detail }));
    return [...own, ...fieldProblems(error.children ?? [], pointer)];
  });
}

/** DTOs are validated strictly: unknown fields are refused, never silently dropped. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException('VALIDATION.FAILED', 'The request has invalid or unknown fields', fieldProblems(errors)),
  });
}
