import { eventStoreContract } from '../testing/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * e.g. `esdb://admin:changeit@localhost:2113?tls=false`. The user must be allowed to read `$all`, and the server
 * must accept appends above its 1 MiB default (e.g. `EVENTSTORE_MAX_APPEND_SIZE=4194304`) for the large payload.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describe('EventStoreDbEventStore contract', () => {
    eventStoreContract(async () => new EventStoreDbEventStore({ connectionString }));
  });
} else {
  console.warn('EventStoreDB contract suite skipped: EVENTSTORE_CONNECTION_STRING is unset');
  describe.skip('EventStoreDbEventStore contract', () => {
    it('runs the EventStore contract suite against EventStoreDB', () => undefined);
  });
}
