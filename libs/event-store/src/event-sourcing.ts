import { Inject, Injectable } from '@nestjs/common';
import type { Decider, DomainEvent } from '@app/domain';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { handleCommand, type CommandResult, type HandleCommandOptions } from './handle-command';

/** `handleCommand` bound to the configured store, so a `@CommandHandler` is one line. */
@Injectable()
export class EventSourcing {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  handle<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    options: HandleCommandOptions,
  ): Promise<CommandResult<State>> {
    return handleCommand(this.store, streamId, decider, command, options);
  }
}
