import type { RecordedEvent } from '../event-store.port';
import { auditExportLines, csvRow, CSV_COLUMNS, UTF8_BOM } from './audit-export';

const event = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  eventId: 'e1',
  streamId: 'meeting-m1',
  revision: 1,
  position: '7',
  type: 'MeetingHeld',
  data: { topic: '学习, "二十大"\n精神' },
  metadata: {
    actor: { subject: 'sec-1', roles: ['secretary'] },
    correlationId: '-2+3',
    recordedAt: '2024-03-12T01:30:00.000Z',
  },
  createdAt: '2024-03-12T01:30:00.000Z',
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  ...overrides,
});

describe('audit CSV rows', () => {
  it('quotes every field and doubles inner quotes, keeping commas, newlines and Chinese text', () => {
    const row = csvRow(event());
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row).toContain('"{""topic"":""学习, \\""二十大\\""\\n精神""}"');
  });

  it('keeps a cell that would start a formula from being evaluated', () => {
    expect(csvRow(event())).toContain(`"'-2+3"`);
  });

  it('writes an actor without roles as an empty cell instead of failing the export', () => {
    const row = csvRow(event({ metadata: { actor: { subject: 'x' } as never } }));
    expect(row).toContain('"x",""');
  });
});

describe('audit export lines', () => {
  async function linesOf(format: 'ndjson' | 'csv', events: RecordedEvent[]): Promise<string[]> {
    const lines: string[] = [];
    for await (const line of auditExportLines(
      (async function* () {
        yield* events;
      })(),
      format,
    ))
      lines.push(line);
    return lines;
  }

  it('writes CSV as a BOM and the header row, then one row per event', async () => {
    const lines = await linesOf('csv', [event(), event({ position: '8', revision: 2 })]);
    expect(lines).toEqual([
      `${UTF8_BOM}${CSV_COLUMNS.join(',')}\r\n`,
      csvRow(event()),
      csvRow(event({ position: '8', revision: 2 })),
    ]);
  });

  it('writes NDJSON as one line per event, each the stored event exactly, and no header', async () => {
    const lines = await linesOf('ndjson', [event()]);
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toEqual(event());
  });
});
