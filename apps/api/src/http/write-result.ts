import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult } from '@app/event-store';
import type { FastifyReply } from 'fastify';

class WrittenEvent {
  @ApiProperty({ example: '0190f3c2-7d7a-7c4e-9a51-3f1e0f1c2b3a' }) eventId!: string;
  @ApiProperty({ example: 'OrgUnitEstablished' }) type!: string;
}

/** The contract's answer to every write. */
export class WriteResult {
  @ApiProperty({ example: 'cardiology' }) id!: string;
  @ApiProperty({ example: 'orgunit-cardiology' }) streamId!: string;
  @ApiProperty({ example: 1 }) revision!: number;
  @ApiProperty({ example: '1042', description: 'Global log position; pass as minPosition to read your write' })
  position!: string;
  @ApiProperty({ type: [WrittenEvent] }) events!: WrittenEvent[];
}

/**
 * Sends a write's result: 201, or 200 when an Idempotency-Key replayed an earlier result. Sent here rather than
 * returned, because Nest would stamp the route's fixed status over the replay's 200.
 */
export function writeResult(reply: FastifyReply, id: string, result: CommandResult<unknown>): void {
  const body: WriteResult = {
    id,
    streamId: result.streamId,
    revision: result.revision,
    position: result.position,
    events: [...result.events],
  };
  void reply
    .status(result.replayed ? 200 : 201)
    .header('ETag', `"${result.revision}"`)
    .send(body);
}
