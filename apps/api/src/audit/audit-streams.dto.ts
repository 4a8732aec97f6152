import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ReadQuery } from '../http/read-query.dto';
import { IsInstant } from '../http/validators';

/** Extends ReadQuery as every read's query does: the contract lets any read wait for `minPosition`. */
export class ReplayQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Stop after the last event recorded by then, e.g. `2024-04-01T00:00:00+08:00`' })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}

class ActorView {
  @ApiProperty() subject!: string;
  @ApiProperty({ type: [String] }) roles!: readonly string[];
}

export class StoredEventView {
  @ApiProperty() eventId!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() position!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ type: Object }) data!: unknown;
  @ApiProperty({
    type: Object,
    description: 'actor, correlationId, causationId, idempotencyKey, recordedAt, schemaVersion',
  })
  metadata!: object;
  @ApiProperty() createdAt!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
  @ApiPropertyOptional({ description: 'The hash recipe: 2 for every new event, 1 for events written before it' })
  chainVersion?: number;
  @ApiPropertyOptional({
    nullable: true,
    description: 'The newest signed seal when the event was written: { sequence, digest }',
  })
  sealRef?: object | null;
}

class ChainProblemView {
  @ApiProperty() streamId!: string;
  @ApiPropertyOptional() revision?: number;
  @ApiProperty() code!: string;
  @ApiPropertyOptional({ description: 'For SEAL_MISSING: the sequence of the seal events name but the log lacks' })
  sealSequence?: number;
}

class ChainStatusView {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The seal the stream was checked against' })
  sealId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) sealSequence!: number | null;
  @ApiProperty({ type: [ChainProblemView] }) problems!: ChainProblemView[];
}

export class StreamHistoryView {
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: ChainStatusView }) chain!: ChainStatusView;
  @ApiProperty({ type: [StoredEventView] }) events!: StoredEventView[];
}

class ReplayStepView {
  @ApiProperty() revision!: number;
  @ApiProperty() type!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: ActorView, nullable: true }) actor!: ActorView | null;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The reason the event gives, if any' }) reason!:
    string | null;
  @ApiProperty({ type: Object, description: 'The aggregate’s state after this event' }) state!: unknown;
}

export class StreamReplayView {
  @ApiProperty() streamId!: string;
  @ApiProperty({ nullable: true, type: String }) asOf!: string | null;
  @ApiProperty({ type: [ReplayStepView] }) steps!: ReplayStepView[];
}
