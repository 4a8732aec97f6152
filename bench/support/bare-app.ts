/**
 * The ceiling for the HTTP figures: a bare Nest 11 + Fastify app with the API's routes for the benchmarked
 * commands and query, validated by the API's own global ValidationPipe and DTOs, doing nothing else (no auth, no
 * store, no projections). Run as its own process (`PORT`), like the API, so both meet the same load generator
 * under the same conditions.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HoldMeetingDto } from '../../apps/api/src/branch-activity/meeting.dto';
import { AttemptFollowUpDto } from '../../apps/api/src/follow-ups/follow-up.dto';
import { strictValidationPipe } from '../../apps/api/src/http/validation';

/** The shape of the API's answer to a write, so both send as many bytes. */
const written = (id: string) => ({
  id,
  streamId: `bare-${id}`,
  revision: 1,
  position: '1',
  events: [{ eventId: '0190f3c2-7d7a-7c4e-9a51-3f1e0f1c2b3a', type: 'Bare' }],
});

@Controller()
class BareController {
  @Post('api/meetings')
  @HttpCode(201)
  holdMeeting(@Body() body: HoldMeetingDto) {
    return written(body.unitId);
  }

  @Post('api/follow-ups/:followUpId/attempts')
  @HttpCode(201)
  attemptFollowUp(@Param('followUpId') followUpId: string, @Body() _body: AttemptFollowUpDto) {
    return written(followUpId);
  }

  @Get('api/rankings/branches')
  ranking() {
    return { ok: true };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter({ logger: false }), {
    logger: false,
  });
  app.useGlobalPipes(strictValidationPipe());
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3100), '0.0.0.0');
}

void main();
