/**
 * Child process for the crash test: many concurrent appenders write 3-event appends to their own and to shared
 * streams until killed, printing `ACK <streamId> <revision> <eventIds>` once an append is acknowledged.
 */
import { v7 as uuidv7 } from 'uuid';
import { WrongExpectedRevisionError } from '../../errors';
import { SqliteEventStore } from '../sqlite-event-store';

const [filename, appenderCount = '50'] = process.argv.slice(2);
const store = new SqliteEventStore({ filename });

async function appender(index: number): Promise<never> {
  const own = `crash-own${index}`;
  for (let round = 0; ; round++) {
    const streamId = round % 3 === 0 ? `crash-shared${round % 5}` : own;
    const current = (await store.readStream(streamId)).length;
    const batch = uuidv7();
    const events = [0, 1, 2].map((part) => ({ eventId: uuidv7(), type: 'Appended', data: { batch, part, index } }));
    try {
      const result = await store.appendToStream(streamId, events, { expectedRevision: current });
      process.stdout.write(`ACK ${streamId} ${result.revision} ${events.map((e) => e.eventId).join(',')}\n`);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

for (let index = 0; index < Number(appenderCount); index++) {
  appender(index).catch((error) => {
    process.stderr.write(`appender ${index} failed: ${String(error)}\n`);
    process.exit(2);
  });
}
