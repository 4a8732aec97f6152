import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProjectionStatusView {
  @ApiProperty({ example: 'meetings' }) name!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ enum: ['live', 'catching-up', 'rebuilding', 'failed'] }) status!: string;
  @ApiProperty({ example: '1042' }) position!: string;
  @ApiProperty({ example: '1042' }) headPosition!: string;
  @ApiProperty({ description: 'Positions behind the head' }) lag!: number;
  @ApiProperty() eventsPerSecond!: number;
  @ApiProperty({ description: 'Events it could not apply' }) parked!: number;
  @ApiPropertyOptional({ description: 'Why it stopped, when failed' }) error?: string;
}

class RebuildProgressView {
  @ApiProperty() rebuildId!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) state!: string;
  @ApiProperty({ description: 'Events read so far' }) processed!: number;
  @ApiProperty({ description: 'Events to read in all, estimated from log positions (exact on SQLite)' })
  total!: number;
  @ApiProperty() eventsPerSecond!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null until a rate is known' }) etaSeconds!: number | null;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional() finishedAt?: string;
  @ApiPropertyOptional() error?: string;
}

class ParkedEventView {
  @ApiProperty() position!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'What the projection threw' }) error!: string;
  @ApiProperty() parkedAt!: string;
}

export class ProjectionDetailView extends ProjectionStatusView {
  @ApiProperty({ type: RebuildProgressView, nullable: true, description: 'The latest rebuild since start-up' })
  rebuild!: RebuildProgressView | null;
  @ApiProperty({ type: [ParkedEventView], description: 'The oldest 100 parked events' })
  parkedEvents!: ParkedEventView[];
}

export class RebuildStartedView {
  @ApiProperty() rebuildId!: string;
}
