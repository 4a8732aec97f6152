import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  LectureCommandHandler,
  MeetingCommandHandler,
  VolunteerServiceCommandHandler,
} from './branch-activity.commands';
import { LecturesController } from './lectures.controller';
import { MeetingsController } from './meetings.controller';
import { VolunteerServicesController } from './volunteer-services.controller';

@Module({
  imports: [CqrsModule],
  controllers: [MeetingsController, LecturesController, VolunteerServicesController],
  providers: [MeetingCommandHandler, LectureCommandHandler, VolunteerServiceCommandHandler],
})
export class BranchActivityModule {}
