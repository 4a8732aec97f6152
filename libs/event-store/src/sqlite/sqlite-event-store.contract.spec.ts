import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore contract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'es-contract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  eventStoreContract(async () => new SqliteEventStore({ filename: join(dir, 'events.sqlite') }));
});
