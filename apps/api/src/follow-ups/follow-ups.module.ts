import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FollowUpCommandHandler } from './follow-ups.commands';
import { FollowUpsController } from './follow-ups.controller';

@Module({
  imports: [CqrsModule],
  controllers: [FollowUpsController],
  providers: [FollowUpCommandHandler],
})
export class FollowUpsModule {}
