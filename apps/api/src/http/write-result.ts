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

export function writeResult(reply: FastifyReply, id: string, result: CommandResult<unknown>): WriteResult {
  void reply.header('ETag', `"${result.revision}"`);
  return {
    id,
    streamId: result.streamId,
    revision: result.revision,
    position: result.position,
    events: [...result.events],
  };
}
