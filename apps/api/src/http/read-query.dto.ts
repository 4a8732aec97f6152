import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Query parameters every read accepts; read DTOs extend it so strict validation lets them through. */
export class ReadQuery {
  @ApiPropertyOptional({ description: 'Wait until read models have applied this log position', example: '1042' })
  @IsOptional()
  @Matches(/^\d{1,30}$/, { message: 'minPosition must be a decimal string' })
  minPosition?: string;
}
