import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import type { HandleCommandOptions } from '@app/event-store';
import { schemeAlreadyPublished, duplicateIndicator, invalidLimit, invalidStars } from '@app/domain';
import type { FastifyReply } from 'fastify';
import { ApiWrite } from '../http/api-docs';
import { CommandContext } from '../http/command-context';
import { writeResult } from '../http/write-result';
import { ScoringSchemeCommandMessage } from './assessment.commands';
import { PublishScoringSchemeDto } from './scoring-scheme.dto';

@ApiTags('assessment')
@ApiBearerAuth()
@Controller('api/scoring-schemes')
export class ScoringSchemesController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('admin')
  @ApiWrite(
    'Publish a scoring scheme, once and for good (ScoringSchemePublished)',
    schemeAlreadyPublished('scheme-2025'),
    duplicateIndicator('daily-work'),
    invalidLimit('bonusCap', -1),
    invalidStars('Star thresholds must fall as stars fall'),
  )
  async publish(
    @Body() body: PublishScoringSchemeDto,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = new ScoringSchemeCommandMessage(
      {
        type: 'PublishScoringScheme',
        schemeId: body.schemeId,
        indicators: body.indicators.map(({ code, name, max, source }) => ({ code, name, max, source })),
        bonusCap: body.bonusCap,
        deductionCap: body.deductionCap,
        stars: body.stars.map(({ stars, minTotal }) => ({ stars, minTotal })),
        // Left out when not given, so the event says only what the admin chose; it reads as `rescale`.
        ...(body.notApplicable === undefined ? {} : { notApplicable: body.notApplicable }),
      },
      context,
    );
    return writeResult(reply, body.schemeId, await this.commandBus.execute(command));
  }
}
