import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

interface Ack {
  streamId: string;
  revision: number;
  eventIds: string[];
}

/** Runs the appender child until it has acknowledged `acksBeforeKill` appends, then SIGKILLs it mid-flight. */
function appendUntilKilled(filename: string, acksBeforeKill: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'testing', 'append-forever.ts'), filename, '50'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acks: Ack[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [tag, streamId, revision, ids] = line.split(' ');
      if (tag !== 'ACK') return;
      acks.push({ streamId, revision: Number(revision), eventIds: ids.split(',') });
      // Kill at a random moment after the threshold, while appends are still in flight.
      if (acks.length === acksBeforeKill) setTimeout(() => child.kill('SIGKILL'), Math.random() * 20);
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`appender child exited without being killed: ${stderr}`));
    });
  });
}

describe('SqliteEventStore under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crash-'));
  const filename = join(dir, 'events.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged event exactly once, gapless revisions, and no half-written append', async () => {
    const acknowledged: Ack[] = [];
    for (let run = 0; run < 3; run++) {
      acknowledged.push(...(await appendUntilKilled(filename, 200 + Math.floor(Math.random() * 200))));
    }

    const db = new Database(filename, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare('SELECT position, event_id, stream_id, revision, data FROM events ORDER BY position')
        .all() as { position: number; event_id: string; stream_id: string; revision: number; data: string }[];
      const byId = new Map(rows.map((row) => [row.event_id, row]));
      expect(byId.size).toBe(rows.length);

      // Every acknowledged event is there, exactly where the acknowledgement said.
      for (const ack of acknowledged) {
        ack.eventIds.forEach((eventId, index) => {
          expect(byId.get(eventId)).toMatchObject({ stream_id: ack.streamId, revision: ack.revision - 2 + index });
        });
      }

      // Revisions run 1..n without gaps in every stream.
      const revisions = new Map<string, number[]>();
      for (const row of rows) revisions.set(row.stream_id, [...(revisions.get(row.stream_id) ?? []), row.revision]);
      for (const list of revisions.values()) expect(list).toEqual(list.map((_, index) => index + 1));

      // An append is all or nothing: each batch holds its three parts, in order, at consecutive revisions.
      const batches = new Map<string, typeof rows>();
      for (const row of rows) {
        const { batch } = JSON.parse(row.data) as { batch: string };
        batches.set(batch, [...(batches.get(batch) ?? []), row]);
      }
      for (const parts of batches.values()) {
        expect(parts.map((part) => (JSON.parse(part.data) as { part: number }).part)).toEqual([0, 1, 2]);
        expect(parts.map((part) => part.revision - parts[0].revision)).toEqual([0, 1, 2]);
      }
      expect(acknowledged.length).toBeGreaterThanOrEqual(600);
      expect(rows.length).toBeGreaterThanOrEqual(acknowledged.length * 3);
    } finally {
      db.close();
    }
  }, 60_000);
});
