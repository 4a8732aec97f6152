import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldProblem } from './problem';

/**
 * Flattens class-validator's tree into JSON Pointers, one entry per broken constraint; a required field that is
 * absent gets one entry that says so, not every rule its absence breaks (`periodId must match … regular expression`).
 */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const broken = Object.values(error.constraints ?? {});
    const own =
      error.value === undefined && broken.length > 0
        ? [{ pointer, detail: `${error.property} is required` }]
        : broken.map((detail) => ({ pointer, detail }));
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
 * Class fields have define semantics (the build targets ES2022+), so the DTO instance class-transformer builds owns
 * every declared field, and one the client left out holds `undefined`: spread over current values it would erase
 * them. JSON and query strings cannot carry `undefined`, so an own property holding it was never sent: it is removed,
 * at any depth, so that every DTO has exactly the fields its request had.
 */
function withoutUnsentFields<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) delete (value as Record<string, unknown>)[key];
    else withoutUnsentFields(field);
  }
  return value;
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

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const transformed: unknown = await super.transform(value, metadata);
    // Only a DTO built from a body or query: a custom decorator's value is the handler's own to shape.
    return this.toValidate(metadata) ? withoutUnsentFields(transformed) : transformed;
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
