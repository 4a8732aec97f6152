import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN } from '../http/id.pipe';
import { ReadQuery } from '../http/read-query.dto';
import { FromDecimal, IsInstant, IsText } from '../http/validators';
import { StoredEventView } from './audit-streams.dto';

export class VerifyAuditDto {
  @ApiPropertyOptional({
    description: 'The seal digest kept off the system; a seal that does not match it is reported',
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sealDigest must be 64 lowercase hex characters' })
  sealDigest?: string;
}

export class SealAuditDto {
  @ApiPropertyOptional({ example: '2024年第一季度封存', description: 'Recorded with the seal' })
  @IsOptional()
  @IsText(500)
  reason?: string;
}

class VerificationProblemView {
  @ApiProperty({ example: 'meeting-m1' }) streamId!: string;
  @ApiPropertyOptional({ example: 3 }) revision?: number;
  @ApiProperty({
    enum: [
      'HASH_MISMATCH',
      'CHAIN_BROKEN',
      'STREAM_TRUNCATED',
      'STREAM_MISSING',
      'SEAL_DIGEST_MISMATCH',
      'SEAL_SIGNATURE_INVALID',
      'SEAL_CHAIN_BROKEN',
      'SEAL_MISSING',
    ],
  })
  code!: string;
  @ApiPropertyOptional({ description: 'For SEAL_MISSING: the sequence of the seal events name but the log lacks' })
  sealSequence?: number;
}

export class VerificationView {
  @ApiProperty() streamsChecked!: number;
  @ApiProperty() eventsChecked!: number;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The seal compared with' }) sealId!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Its place in the signed seal chain' })
  sealSequence!: number | null;
  @ApiProperty({ example: '0', description: 'Events after this position were checked; "0" is the whole log' })
  fromPosition!: string;
  @ApiProperty({
    type: [VerificationProblemView],
    description: 'Problems in streams of the token’s hospitals, or of streams that name no hospital',
  })
  problems!: VerificationProblemView[];
  @ApiProperty({ description: 'Problems in streams of other hospitals: counted in ok, not named' })
  problemsElsewhere!: number;
}

export class SealView {
  @ApiProperty() sealId!: string;
  @ApiProperty({ description: 'Its place in the seal chain, from 1' }) sequence!: number;
  @ApiProperty({ example: '1042' }) position!: string;
  @ApiProperty({ description: 'Keep it off the system (on paper, in another system) to verify against later' })
  digest!: string;
  @ApiProperty({ description: 'How many streams were sealed' }) streams!: number;
}

export class PublicKeyView {
  @ApiProperty({ example: 'Ed25519' }) algorithm!: string;
  @ApiProperty({ description: 'SPKI PEM: give it to `audit verify --public-key`' }) publicKey!: string;
  @ApiProperty({ example: 'SHA256:3f…', description: 'sha256 of the key’s DER form, as printed when it was made' })
  fingerprint!: string;
}

/** The filters the trail is narrowed by, in queries and exports alike. */
class AuditFilterQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Events naming the hospital, or of a stream that does' })
  @IsOptional()
  @Matches(ID_PATTERN)
  hospitalId?: string;

  @ApiPropertyOptional({ description: 'Events naming the unit, or of a stream whose own unit it is' })
  @IsOptional()
  @Matches(ID_PATTERN)
  unitId?: string;

  @ApiPropertyOptional({ description: 'The actor’s subject' }) @IsOptional() @Matches(ID_PATTERN) actor?: string;
  @ApiPropertyOptional({ description: 'An event type, e.g. `MeetingHeld`' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,64}$/)
  type?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after, e.g. `2024-01-01T00:00:00+08:00`' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded at or before, e.g. `2024-12-31T23:59:59+08:00`' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class AuditExportQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ enum: ['ndjson', 'csv'], description: 'Default ndjson' })
  @IsOptional()
  @IsIn(['ndjson', 'csv'])
  format?: 'ndjson' | 'csv';
}

export class AuditEventsQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ description: 'The `next` of the previous page, e.g. `1042`; events after this position' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a log position (a decimal string)' })
  after?: string;

  @ApiPropertyOptional({ description: 'Default 100' })
  @IsOptional()
  @FromDecimal()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class AuditEventsView {
  @ApiProperty({ type: [StoredEventView], description: 'In log order, with full metadata and hash chain links' })
  items!: StoredEventView[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` for the next page; null at the end' })
  next!: string | null;
}
