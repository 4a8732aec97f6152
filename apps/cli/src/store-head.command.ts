import { Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Command, CommandRunner } from 'nest-commander';

@Command({ name: 'head', description: 'Print the position of the last event in the log' })
export class StoreHeadCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {
    super();
  }

  async run(): Promise<void> {
    console.log(await this.eventStore.headPosition());
  }
}
