import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Query parameters every read accepts; read DTOs extend it so strict validation lets them through. */
export class ReadQuery {
  // No `example` or `default` on an optional query parameter: Swagger UI's "Try it out" fills either one in and
  // sends it (here a wait for position 1042 that a young log never reaches), so examples live in the description.
  @ApiPropertyOptional({ description: 'Wait until read models have applied this log position, e.g. `1042`' })
  @IsOptional()
  @Matches(/^\d{1,30}$/, { message: 'minPosition must be a decimal string' })
  minPosition?: string;
}
