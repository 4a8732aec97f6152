import { Module } from '@nestjs/common';
import { AppConfigModule, loadConfig } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { StoreHeadCommand } from './store-head.command';

const config = loadConfig(process.env);

/** Operator commands run on the same modules as the API, against the configured store. */
@Module({
  imports: [AppConfigModule.forRoot(config), EventStoreModule.forRoot(config.eventStore)],
  providers: [StoreHeadCommand],
})
export class CliModule {}
