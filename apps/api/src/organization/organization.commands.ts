import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  memberDecider,
  memberStreamId,
  orgUnitDecider,
  orgUnitStreamId,
  type MemberCommand,
  type MemberState,
  type OrgUnitCommand,
  type OrgUnitState,
} from '@app/domain';
import { EventSourcing } from '@app/event-store';
import { DomainCommand } from '../shared/domain-command';

export class OrgUnitCommandMessage extends DomainCommand<OrgUnitCommand, OrgUnitState> {}

@CommandHandler(OrgUnitCommandMessage)
export class OrgUnitCommandHandler implements ICommandHandler<OrgUnitCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: OrgUnitCommandMessage) {
    return this.eventSourcing.handle(orgUnitStreamId(payload.unitId), orgUnitDecider, payload, context);
  }
}

export class MemberCommandMessage extends DomainCommand<MemberCommand, MemberState> {}

@CommandHandler(MemberCommandMessage)
export class MemberCommandHandler implements ICommandHandler<MemberCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: MemberCommandMessage) {
    return this.eventSourcing.handle(memberStreamId(payload.memberId), memberDecider, payload, context);
  }
}
