import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { orgUnitDecider, orgUnitStreamId, type EstablishOrgUnit, type OrgUnitState } from '@app/domain';
import { EventSourcing, type CommandResult, type HandleCommandOptions } from '@app/event-store';

export class EstablishOrgUnitCommand extends Command<CommandResult<OrgUnitState>> {
  constructor(
    readonly payload: EstablishOrgUnit,
    readonly context: HandleCommandOptions,
  ) {
    super();
  }
}

@CommandHandler(EstablishOrgUnitCommand)
export class EstablishOrgUnitHandler implements ICommandHandler<EstablishOrgUnitCommand> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: EstablishOrgUnitCommand) {
    return this.eventSourcing.handle(orgUnitStreamId(payload.unitId), orgUnitDecider, payload, context);
  }
}
