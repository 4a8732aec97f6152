import type { AppConfig } from '@app/config';
import { EventLogNotFoundError, openEventStore, type EventStore } from '@app/event-store';
import { basename } from 'node:path';

/**
 * Opens the configured log for one command and closes it after, so `--help` and the commands that need no log never
 * touch it. Only the API and `restore` make a log: here a missing one is reported, naming the DATA_DIR looked in.
 */
export async function withEventLog<T>(
  config: AppConfig,
  access: 'existing' | 'read-only',
  use: (log: EventStore) => Promise<T>,
): Promise<T> {
  let log: EventStore;
  try {
    log = openEventStore(config.eventStore, access);
  } catch (error) {
    if (!(error instanceof EventLogNotFoundError)) throw error;
    throw new Error(
      `There is no event store in DATA_DIR ${config.dataDir} (no ${basename(error.filename)}), and this command creates none: ` +
        'set DATA_DIR to the API’s data directory',
    );
  }
  try {
    return await use(log);
  } finally {
    await log.close();
  }
}
