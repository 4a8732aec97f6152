import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { followUpDecider, followUpStreamId, type FollowUpCommand, type FollowUpState } from '@app/domain';
import { EventSourcing } from '@app/event-store';
import { DomainCommand } from '../shared/domain-command';

export class FollowUpCommandMessage extends DomainCommand<FollowUpCommand, FollowUpState> {}

@CommandHandler(FollowUpCommandMessage)
export class FollowUpCommandHandler implements ICommandHandler<FollowUpCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: FollowUpCommandMessage) {
    return this.eventSourcing.handle(followUpStreamId(payload.followUpId), followUpDecider, payload, context);
  }
}
