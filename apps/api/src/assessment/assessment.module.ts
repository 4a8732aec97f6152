import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessmentPeriodCommandHandler, ScoringSchemeCommandHandler } from './assessment.commands';
import { AssessmentPeriodsController } from './assessment-periods.controller';
import { ScoringSchemesController } from './scoring-schemes.controller';

@Module({
  imports: [CqrsModule],
  controllers: [ScoringSchemesController, AssessmentPeriodsController],
  providers: [ScoringSchemeCommandHandler, AssessmentPeriodCommandHandler],
})
export class AssessmentModule {}
