import type { RecordedEvent } from '@app/event-store';
import { csvRow } from './audit-export';

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
