import { Command } from '@nestjs/cqrs';
import type { CommandResult, HandleCommandOptions } from '@app/event-store';

/** A domain command on its way through the CommandBus, with the request's metadata and pinned revision. */
export abstract class DomainCommand<Payload, State> extends Command<CommandResult<State>> {
  constructor(
    readonly payload: Payload,
    readonly context: HandleCommandOptions,
  ) {
    super();
  }
}
