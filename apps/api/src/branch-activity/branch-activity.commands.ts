import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  lectureDecider,
  lectureStreamId,
  meetingDecider,
  meetingStreamId,
  volunteerServiceDecider,
  volunteerServiceStreamId,
  type LectureCommand,
  type LectureState,
  type MeetingCommand,
  type MeetingState,
  type VolunteerServiceCommand,
  type VolunteerServiceState,
} from '@app/domain';
import { EventSourcing } from '@app/event-store';
import { DomainCommand } from '../shared/domain-command';

export class MeetingCommandMessage extends DomainCommand<MeetingCommand, MeetingState> {}

@CommandHandler(MeetingCommandMessage)
export class MeetingCommandHandler implements ICommandHandler<MeetingCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: MeetingCommandMessage) {
    return this.eventSourcing.handle(meetingStreamId(payload.meetingId), meetingDecider, payload, context);
  }
}

export class LectureCommandMessage extends DomainCommand<LectureCommand, LectureState> {}

@CommandHandler(LectureCommandMessage)
export class LectureCommandHandler implements ICommandHandler<LectureCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: LectureCommandMessage) {
    return this.eventSourcing.handle(lectureStreamId(payload.lectureId), lectureDecider, payload, context);
  }
}

export class VolunteerServiceCommandMessage extends DomainCommand<VolunteerServiceCommand, VolunteerServiceState> {}

@CommandHandler(VolunteerServiceCommandMessage)
export class VolunteerServiceCommandHandler implements ICommandHandler<VolunteerServiceCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: VolunteerServiceCommandMessage) {
    return this.eventSourcing.handle(
      volunteerServiceStreamId(payload.serviceId),
      volunteerServiceDecider,
      payload,
      context,
    );
  }
}
