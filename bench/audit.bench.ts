/**
 * `npm run bench:audit`: audit verification and sealing throughput (events per CPU second) over a SQLite log of
 * BENCH_AUDIT_EVENTS events (default 100k) in 10k streams, written through the store into a temporary directory: a
 * full verification,
 * the first seal (which reads the whole log), and, after 1 % more events, the start-up check and the next seal (which
 * read only what came after the newest seal).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealLog, verifyLog } from '../libs/event-store/src/audit/audit-log';
import { generateAuditSigningKey } from '../libs/event-store/src/audit/signing-key';
import { SqliteEventStore } from '../libs/event-store/src/sqlite/sqlite-event-store';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 100_000);
const STREAMS = 10_000;
const metadata = { actor: { subject: 'secretary-1', roles: ['secretary'] }, correlationId: 'c-1', schemaVersion: 1 };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  const key = generateAuditSigningKey();
  const publicKey = key.publicKey;
  const write = async (from: number, to: number) => {
    const appends: Promise<unknown>[] = [];
    for (let i = from; i < to; i++) {
      const data = {
        meetingId: `m-${i % STREAMS}`,
        topic: '学习贯彻党的二十大精神',
        attendeeIds: ['a', 'b', 'c'],
        n: i,
      };
      appends.push(store.appendToStream(`meeting-${i % STREAMS}`, [{ type: 'MeetingHeld', data, metadata }]));
      if (appends.length === 2000) await Promise.all(appends.splice(0));
    }
    await Promise.all(appends);
  };
  try {
    await write(0, EVENTS);
    // CPU seconds of this process, not wall time: the rate then holds on a machine shared with other work.
    const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      const start = process.cpuUsage();
      const result = await work();
      const { user, system } = process.cpuUsage(start);
      return [result, (user + system) / 1e6];
    };
    const [report, verifySeconds] = await timed(() => verifyLog(store, { publicKey }));
    if (!report.ok) throw new Error('the bench log does not verify');
    const [, sealSeconds] = await timed(() => sealLog(store, 'bench-seal-1', metadata, key));
    const more = EVENTS / 100;
    await write(EVENTS, EVENTS + more);
    const [since, startupSeconds] = await timed(() => verifyLog(store, { publicKey, sinceLatestSeal: true }));
    if (!since.ok || since.eventsChecked !== more + 1)
      throw new Error('the start-up check did not read the seal and the events after it');
    const [, nextSealSeconds] = await timed(() => sealLog(store, 'bench-seal-2', metadata, key));
    const rate = (events: number, seconds: number) => Math.round(events / seconds);
    console.log(
      JSON.stringify({
        events: EVENTS,
        streams: STREAMS,
        verifyEventsPerCpuSecond: rate(EVENTS, verifySeconds),
        firstSealEventsPerCpuSecond: rate(EVENTS, sealSeconds),
        eventsAfterSeal: more,
        startupCheckCpuMs: Math.round(startupSeconds * 1000),
        nextSealCpuMs: Math.round(nextSealSeconds * 1000),
      }),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
