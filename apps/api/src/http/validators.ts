import { applyDecorators } from '@nestjs/common';
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

/** Free text of bounded length; what it may not contain (personal data) is a domain rule. */
export const IsText = (max: number) => applyDecorators(IsString(), Length(1, max));
