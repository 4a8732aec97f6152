/**
 * `npm run bench:export`: streams audit exports of growing logs (10k, 100k events) as NDJSON and CSV and reports
 * the peak RSS of each run, to show memory stays flat as the log grows (the export holds one page at a time).
 * The export reads through the audit index, as the API's does; "RSS before" includes that index. Each NDJSON
 * export goes to a file that is then re-verified, after the measurement, by the independent verifier that follows
 * only the README's recipe.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { auditExportLines } from '../libs/event-store/src/audit/audit-export';
import { SqliteEventStore } from '../libs/event-store/src/sqlite/sqlite-event-store';
import { MemoryReadModelStore } from '../libs/read-models/src/memory/memory-read-model-store';
import { Projector } from '../libs/read-models/src/projector';
import { auditTrail, auditTrailProjection } from '../libs/read-models/src/projections/audit-trail.projection';
import { verifyNdjsonExport } from '../test/support/independent-verifier';

const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '10000,100000').split(',').map(Number);

async function fill(store: SqliteEventStore, count: number): Promise<void> {
  for (let written = 0; written < count;) {
    const appends = [];
    for (let k = 0; k < 500 && written < count; k++, written += 10) {
      const events = Array.from({ length: 10 }, (_, e) => ({
        type: 'MeetingHeld',
        data: {
          meetingId: `m-${written + e}`,
          hospitalId: 'h1',
          unitId: `b-${(written + e) % 50}`,
          topic: '学习贯彻党的二十大精神',
          attendeeIds: ['a', 'b', 'c'],
        },
        metadata: { actor: { subject: 'sec-1', roles: ['secretary'] } },
      }));
      appends.push(store.appendToStream(`meeting-${written}`, events, { expectedRevision: 'no-stream' }));
    }
    await Promise.all(appends);
  }
}

async function exportOnce(
  store: SqliteEventStore,
  index: MemoryReadModelStore,
  format: 'ndjson' | 'csv',
  file: string,
): Promise<{ bytes: number; startRssMb: number; peakRssMb: number; seconds: number }> {
  global.gc?.();
  let bytes = 0;
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  const out = createWriteStream(file);
  await pipeline(
    Readable.from(auditExportLines(auditTrail(store, index, {}), format)),
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        bytes += chunk.length;
        out.write(chunk, done);
      },
      final(done) {
        out.end(done);
      },
    }),
  );
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    bytes,
    startRssMb: Math.round(start / 2 ** 20),
    peakRssMb: Math.round(peak / 2 ** 20),
    seconds: (Date.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  console.log(
    '| events | format | output MB | seconds | RSS before MB | peak RSS MB | independent re-verification |\n|---:|---|---:|---:|---:|---:|---|',
  );
  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    try {
      await fill(store, size);
      const index = new MemoryReadModelStore();
      await new Projector(store, index, [auditTrailProjection]).replay(() => true);
      for (const format of ['ndjson', 'csv'] as const) {
        const file = join(dir, `export.${format}`);
        const { bytes, startRssMb, peakRssMb, seconds } = await exportOnce(store, index, format, file);
        let verified = '';
        if (format === 'ndjson') {
          const { events, broken } = verifyNdjsonExport(readFileSync(file, 'utf8'));
          verified = `${events} events re-verified, ${broken.length} broken`;
        }
        console.log(
          `| ${size} | ${format} | ${(bytes / 2 ** 20).toFixed(1)} | ${seconds.toFixed(1)} | ${startRssMb} | ${peakRssMb} | ${verified} |`,
        );
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

void main();
