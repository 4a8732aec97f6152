import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  assessmentPeriodDecider,
  assessmentPeriodStreamId,
  schemeStreamId,
  type AssessmentPeriodCommand,
  type AssessmentPeriodState,
  type ScoringSchemeCommand,
  type ScoringSchemeState,
} from '@app/domain';
import { EventSourcing } from '@app/event-store';
import { DomainCommand } from '../shared/domain-command';
import { scoringSchemeDeciderFor } from './built-in-scheme';

export class ScoringSchemeCommandMessage extends DomainCommand<ScoringSchemeCommand, ScoringSchemeState> {}

@CommandHandler(ScoringSchemeCommandMessage)
export class ScoringSchemeCommandHandler implements ICommandHandler<ScoringSchemeCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: ScoringSchemeCommandMessage) {
    return this.eventSourcing.handle(
      schemeStreamId(payload.schemeId),
      scoringSchemeDeciderFor(payload.schemeId),
      payload,
      context,
    );
  }
}

export class AssessmentPeriodCommandMessage extends DomainCommand<AssessmentPeriodCommand, AssessmentPeriodState> {}

@CommandHandler(AssessmentPeriodCommandMessage)
export class AssessmentPeriodCommandHandler implements ICommandHandler<AssessmentPeriodCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: AssessmentPeriodCommandMessage) {
    return this.eventSourcing.handle(
      assessmentPeriodStreamId(payload.periodId),
      assessmentPeriodDecider,
      payload,
      context,
    );
  }
}
