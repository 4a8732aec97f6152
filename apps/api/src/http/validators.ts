import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO8601, IsString, Length, Matches } from 'class-validator';

/** A calendar date `YYYY-MM-DD` that exists. */
export const IsCalendarDate = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }),
  );

/** An ISO-8601 instant with an explicit offset (`2024-03-12T09:30:00+08:00`), as the contract requires. */
export const IsInstant = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO-8601 time with an offset, e.g. 2024-03-12T09:30:00+08:00',
    }),
    IsISO8601({ strict: true }),
  );

/**
 * Text has no control characters but tab and line breaks, and no half of a UTF-16 pair on its own: no one types them,
 * and the UTF-8 exports could not carry an unpaired surrogate unchanged.
 */
const TEXT = /^(?:[\t\n\r]|[^\p{Cc}\p{Cs}])*$/u;

/** Free text of bounded length; what it may not contain (personal data) is a domain rule. */
export const IsText = (max: number) =>
  applyDecorators(
    IsString(),
    Length(1, max),
    Matches(TEXT, { message: '$property must not contain control characters or unpaired surrogates' }),
  );

/**
 * A number in a query string, read only from decimal digits: `Number()` alone reads '' and ' ' as 0 and '0x10' as 16.
 * Anything else stays a string, which the number rules then refuse.
 */
export const FromDecimal = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value,
  );
