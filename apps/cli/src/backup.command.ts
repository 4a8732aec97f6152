import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  backupEventLog,
  openEventStore,
  START_POSITION,
  verifyLog,
  type AuditSigningKey,
  type VerificationReport,
} from '@app/event-store';
import { Command, CommandRunner, Option } from 'nest-commander';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { apiSigningKey } from './audit-key';
import { withEventLog } from './event-log';

/** The embedded log's file. On the external profile EventStoreDB holds the log, and its own tools copy it. */
function embeddedLogFile(config: AppConfig, command: string): string {
  if (config.eventStore.kind === 'sqlite') return config.eventStore.filename;
  throw new Error(
    `${command} works on the embedded profile's SQLite log, and EVENTSTORE_CONNECTION_STRING selects EventStoreDB: ` +
      'use EventStoreDB’s own backup and restore procedure (copy its chunk and index files, as its documentation’s ' +
      '“Backup and restore” describes); the MongoDB read models are rebuilt from the log',
  );
}

/**
 * Recomputes the hash chains of a log file other than the configured one, its seals checked under the API's key: the
 * API that serves the log will check them under the same key.
 */
async function verifyLogFile(filename: string, key: AuditSigningKey): Promise<VerificationReport> {
  const store = openEventStore({ kind: 'sqlite', filename });
  try {
    return await verifyLog(store, { publicKey: key.publicKey });
  } finally {
    await store.close();
  }
}

@Command({
  name: 'backup',
  arguments: '<file>',
  description:
    'Copy the embedded SQLite log to <file> while the API runs (online backup), then verify the copy’s hash chains; exits 1 if it does not verify',
})
export class BackupCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run([file]: string[], options: { force?: boolean }): Promise<void> {
    const source = embeddedLogFile(this.config, 'backup');
    const destination = resolve(file);
    // Looked up first, so that a missing key leaves no copy behind.
    const key = apiSigningKey(this.config);
    if (existsSync(destination)) {
      if (!options.force) throw new Error(`${destination} exists; pass --force to overwrite it`);
      await rm(destination);
    }
    await withEventLog(this.config, 'read-only', (log) => backupEventLog(log, destination));
    const { streamsChecked, eventsChecked, ok, problems } = await verifyLogFile(destination, key);
    console.log(
      JSON.stringify({ file: destination, from: source, streamsChecked, eventsChecked, ok, problems }, null, 2),
    );
    if (!ok) process.exitCode = 1;
  }

  @Option({ flags: '--force', description: 'overwrite <file> if it exists' })
  parseForce(): boolean {
    return true;
  }
}

@Command({
  name: 'restore',
  arguments: '<file>',
  description: 'Replace the embedded SQLite log in DATA_DIR with a backup whose hash chains verify; stop the API first',
})
export class RestoreCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run([file]: string[], options: { force?: boolean }): Promise<void> {
    const target = embeddedLogFile(this.config, 'restore');
    const backup = resolve(file);
    // Staged beside the target, so the final rename is atomic: a crash never leaves half a log in its place.
    const staged = `${target}.restoring`;
    // The key the API will check the restored seals with; without it, nothing is touched.
    const key = apiSigningKey(this.config);
    try {
      // Restore is how a log arrives in a new DATA_DIR.
      await mkdir(dirname(target), { recursive: true });
      await copyFile(backup, staged);
      const { streamsChecked, eventsChecked, ok, problems } = await verifyLogFile(staged, key);
      if (!ok) {
        console.log(JSON.stringify({ file: backup, streamsChecked, eventsChecked, ok, problems }, null, 2));
        throw new Error(`${backup} fails verification; nothing was restored`);
      }
      if (!options.force && existsSync(target)) {
        // An empty log there is nothing to lose.
        const head = await withEventLog(this.config, 'read-only', (log) => log.headPosition());
        if (head !== START_POSITION) {
          throw new Error(
            `${target} already holds a log (head position ${head}); stop the API, then pass --force to replace it`,
          );
        }
      }
      // A WAL left by the old log would be replayed into the restored one.
      await Promise.all([rm(`${target}-wal`, { force: true }), rm(`${target}-shm`, { force: true })]);
      await rename(staged, target);
      console.log(JSON.stringify({ restored: backup, into: target, streamsChecked, eventsChecked }, null, 2));
    } finally {
      await rm(staged, { force: true });
    }
  }

  @Option({ flags: '--force', description: 'replace a log that holds events (the API must be stopped)' })
  parseForce(): boolean {
    return true;
  }
}
