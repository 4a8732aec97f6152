import { DomainError } from './domain-error';

/**
 * Patient data never enters the log. Mainland mobile numbers (1[3-9] + 9 digits, optionally +86, with spaces or
 * dashes anywhere between digits) and resident ID numbers (17 digits + digit or X, whether or not the check digit
 * is valid) are refused in every free-text field. Full-width digits are folded first (NFKC).
 */
const SEPARATOR = '[\\s\\u00a0-]?';
const MOBILE = new RegExp(`(?<![\\d])(?:\\+?86${SEPARATOR})?1${SEPARATOR}[3-9](?:${SEPARATOR}\\d){9}(?![\\d])`);
const RESIDENT_ID = new RegExp(`(?<![\\d])\\d(?:${SEPARATOR}\\d){16}${SEPARATOR}[\\dXx](?![\\dXx])`);

export type PiiKind = 'mobile-number' | 'resident-id-number';

export function findPii(text: string): PiiKind | null {
  const folded = text.normalize('NFKC');
  if (RESIDENT_ID.test(folded)) return 'resident-id-number';
  if (MOBILE.test(folded)) return 'mobile-number';
  return null;
}

/** Refuses the command if any named free-text field holds personal data; names the first offending field. */
export function assertNoPii(fields: Readonly<Record<string, string | null | undefined>>): void {
  for (const [field, text] of Object.entries(fields)) {
    const kind = text ? findPii(text) : null;
    if (kind) {
      throw new DomainError(
        'PII.FORBIDDEN',
        `${field} contains a ${kind.replace(/-/g, ' ')}; patient data never enters the record`,
        {
          field,
          kind,
        },
      );
    }
  }
}
