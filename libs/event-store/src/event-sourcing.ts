import { Inject, Injectable } from '@nestjs/common';
import type { Decider, DomainEvent } from '@app/domain';
import type { EventStore } from './event-store.port';
import { handleCommand, type CommandResult, type HandleCommandOptions } from './handle-command';
import { UPCAST_EVENT_STORE } from './upcasting-event-store';

/** `handleCommand` bound to the configured store, read upcast, so a `@CommandHandler` is one line. */
@Injectable()
export class EventSourcing {
  constructor(@Inject(UPCAST_EVENT_STORE) private readonly store: EventStore) {}

  handle<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    options: HandleCommandOptions,
  ): Promise<CommandResult<State>> {
    return handleCommand(this.store, streamId, decider, command, options);
  }
}
