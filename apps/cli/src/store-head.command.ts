import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Command, CommandRunner } from 'nest-commander';
import { withEventLog } from './event-log';

@Command({ name: 'head', description: 'Print the position of the last event in the log' })
export class StoreHeadCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    console.log(await withEventLog(this.config, 'read-only', (log) => log.headPosition()));
  }
}
