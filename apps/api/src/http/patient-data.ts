import { findPii, type PiiKind } from '@app/domain';
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

/**
 * Refuses a request value that holds a patient identifier, wherever it sits: every body field and every path
 * parameter pass here (see validation.ts), so a field added tomorrow is covered without anyone remembering to.
 */
export function assertNoPatientData(value: unknown, pointer: string): void {
  const problems = patientDataIn(value, pointer);
  if (problems.length > 0) {
    throw new ProblemException(
      'PII.FORBIDDEN',
      'The request holds patient data, which never enters the record',
      problems,
    );
  }
}
