import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Path ids follow the contract's id rule; anything else is refused before it reaches a stream name. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (ID_PATTERN.test(value)) return value;
    throw new ProblemException('VALIDATION.FAILED', `${metadata.data ?? 'id'} is not a valid id`, [
      { pointer: `/path/${metadata.data ?? 'id'}`, detail: 'must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' },
    ]);
  }
}
