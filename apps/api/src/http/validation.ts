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

/** `__proto__`, `constructor`, `valueOf`…: a key that names what every object inherits, or `prototype`. */
const namesInherited = (key: string) => key in Object.prototype || key === 'prototype';

/** Every such key in a body or query, at any depth. */
function inheritedNameKeys(value: unknown, parent = ''): FieldProblem[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [
    ...(namesInherited(key) ? [{ pointer: `${parent}/${key}`, detail: `property ${key} should not exist` }] : []),
    ...inheritedNameKeys((value as Record<string, unknown>)[key], `${parent}/${key}`),
  ]);
}

/**
 * Such keys would pass unseen, as if they were not there, where any other unknown field is refused: Nest's pipe
 * deletes `__proto__`, `constructor` and `prototype` before validating, and class-transformer skips a key that names
 * an inherited method (`valueOf`), so the whitelist never sees it. They are refused here instead, before either runs.
 * (Bodies are at most 32 levels deep: see json-body.ts.)
 */
class StrictValidationPipe extends ValidationPipe {
  protected override stripProtoKeys(value: unknown): void {
    const problems = inheritedNameKeys(value);
    if (problems.length > 0) {
      throw new ProblemException('VALIDATION.FAILED', 'The request has invalid or unknown fields', problems);
    }
  }
}

/** DTOs are validated strictly: unknown fields are refused, never silently dropped. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException('VALIDATION.FAILED', 'The request has invalid or unknown fields', fieldProblems(errors)),
  });
}
